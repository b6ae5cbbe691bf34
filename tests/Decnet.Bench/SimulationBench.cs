using System.Diagnostics;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Simulation;

namespace Decnet.Bench;

/// <summary>
/// The simulator's in-memory fast path at scale: planning 1,000,000 attackers of the mixed scenario and building their
/// profiles (no text), against planning alone; rendering Cowrie text for 10,000 attackers (events/s); the O(n)
/// metrics over 1,000,000 IPs. Wall-clock time, one run each (these are seconds, not microseconds).
/// </summary>
public static class SimulationBench
{
    public static IEnumerable<BenchFigure> Run()
    {
        const int Attackers = 1_000_000;
        var clock = Stopwatch.StartNew();
        var population = Scenarios.Generate(Scenarios.Mixed, Attackers, Scenarios.DefaultStart, new Random(1));
        var plan = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        long credentials = 0;
        foreach (var p in population.Profiles()) credentials += p.Credentials.Count;
        var profiles = clock.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine($"simulate: {population.Attackers.Count:N0} attackers, {credentials:N0} distinct credentials in profiles; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576:N0} MB");
        yield return new BenchFigure("simulate plan+profiles 1M mixed", plan + profiles, "ms", "plan only", plan, "ms");

        clock.Restart();
        var truth = AssignmentFileSource.ToAssignments(population.Truth());
        var report = AssignmentComparer.Compare(truth, truth);
        var metrics = clock.Elapsed.TotalMilliseconds;
        yield return new BenchFigure("eval metrics 1M IPs (ARI " + report.Identity.AdjustedRandIndex.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + ")", metrics, "ms", "profiles of 1M", profiles, "ms");

        var small = Scenarios.Generate(Scenarios.Mixed, 10_000, Scenarios.DefaultStart, new Random(1));
        clock.Restart();
        long events = 0;
        using (var writer = new CowrieEventWriter(Stream.Null))
            foreach (var e in small.Events()) { writer.Write(e); events++; }
        var text = clock.Elapsed.TotalSeconds;
        yield return new BenchFigure("simulate cowrie text 10k attackers", events / text, "events/s", "events", events, "events");
    }
}
