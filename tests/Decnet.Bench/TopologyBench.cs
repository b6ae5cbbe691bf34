using System.Diagnostics;
using Decnet.Engine.Topology;

namespace Decnet.Bench;

/// <summary>
/// MazeNET: generating and validating a depth-8, branching-4 topology (the budget: 200 ms), wall-clock
/// median over several seeds, against generating alone in the same run. Also rendering its Compose file.
/// </summary>
public static class TopologyBench
{
    private const int Runs = 15;

    public static IEnumerable<BenchFigure> Run()
    {
        var p = new TopologyParameters(0, 8, 4, 1, 3, 0.1, Subnet.Parse("10.128.0.0/9"), ArchetypeMix.Default);
        var now = DateTimeOffset.UtcNow;
        TopologyGenerator.Generate("twarm", "bench", p, [], now); // JIT warm-up
        var both = new List<double>();
        var generateOnly = new List<double>();
        var render = new List<double>();
        var deckies = new List<int>();
        for (var seed = 1; seed <= Runs; seed++)
        {
            var ps = p with { Seed = seed };
            var sw = Stopwatch.StartNew();
            var t = TopologyGenerator.Generate("tbench", "bench", ps, [], now);
            var problems = TopologyValidator.Validate(t);
            both.Add(sw.Elapsed.TotalMilliseconds);
            if (problems.Count > 0) throw new InvalidOperationException($"seed {seed}: {problems[0]}");
            deckies.Add(t.Deckies.Count);
            sw.Restart();
            TopologyGenerator.Generate("tbench", "bench", ps, [], now);
            generateOnly.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            _ = ComposeRenderer.Render(t);
            render.Add(sw.Elapsed.TotalMilliseconds);
        }
        Console.Error.WriteLine($"topology: depth 8, branching 4 (1-4 children a LAN), 1-3 deckies a LAN, cross-edges 0.1: median {Median.Of(deckies.Select(d => (double)d)):N0} deckies (min {deckies.Min():N0}, max {deckies.Max():N0}) over {Runs} seeds");
        yield return new BenchFigure("topology generate+validate d8 b4", Median.Of(both), "ms", "generate alone", Median.Of(generateOnly), "ms");
        yield return new BenchFigure("topology compose render d8 b4", Median.Of(render), "ms", "generate+validate", Median.Of(both), "ms");
    }
}
