using Decnet.Engine.Clustering;
using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;

namespace Decnet.Bench;

/// <summary>
/// DECNET_BENCH_CLUSTER=diag: for one seed per scenario (DECNET_BENCH_SEED, DECNET_BENCH_SCENARIOS comma list), prints
/// the identity edges that join different true identities (false merges) and, for true identities split in several
/// components, the best pair between two parts, each with its shared evidence. To look at errors, not to guess them.
/// </summary>
public static class ClusterDiagnostic
{
    public static void Run()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DECNET_BENCH_SEED"), out var s) ? s : 1;
        var names = Environment.GetEnvironmentVariable("DECNET_BENCH_SCENARIOS")?.Split(',') ?? Scenarios.Names;
        foreach (var scenario in names)
        {
            var population = Scenarios.Generate(scenario, 3000, Scenarios.DefaultStart, new Random(seed));
            var truth = population.Truth().ToDictionary(t => t.Ip, t => t.Identity, StringComparer.Ordinal);
            var profiles = population.Profiles().ToList();
            var byIp = profiles.ToDictionary(p => p.Ip, StringComparer.Ordinal);
            var pipeline = ClusterPipeline.Run(profiles);
            var g = pipeline.Graph;
            var level = g.Level!;
            Console.Error.WriteLine($"== {scenario} seed {seed}: {Enumerable.Range(0, g.Values.Count).Count(level.IsPublicListEntry)} public list values, {Enumerable.Range(0, g.Values.Count).Count(id => g.Values.StepParts(id, out _, out _))} steps");
            var merges = 0;
            foreach (var e in g.Edges.OrderByDescending(e => e.Score))
            {
                if (truth[g.Ip(e.A)] == truth[g.Ip(e.B)]) continue;
                if (merges++ < 12) Print("MERGE", g, level, byIp, truth, e.A, e.B);
            }
            Console.Error.WriteLine($"false-merge edges: {merges}");
            foreach (var comp in pipeline.Identities.OrderByDescending(c => c.Count).Take(3))
                Console.Error.WriteLine($"component of {comp.Count}: {string.Join(", ", comp.GroupBy(u => truth[g.Ip(u)][..Math.Min(4, truth[g.Ip(u)].Length)]).Select(t => t.Key + "×" + t.Count()))}, {comp.Select(u => truth[g.Ip(u)]).Distinct().Count()} true identities");
            var splits = 0;
            foreach (var group in Enumerable.Range(0, g.Count).GroupBy(u => truth[g.Ip(u)]))
            {
                var parts = group.GroupBy(u => g.Labels[u]).Select(p => p.ToList()).ToList();
                if (parts.Count < 2) continue;
                splits++;
                if (splits > 8) continue;
                Console.Error.WriteLine($"SPLIT {group.Key}: {group.Count()} IPs in {parts.Count} parts ({string.Join(",", parts.Select(p => p.Count))})");
                // best pair between the smallest part and the rest
                var small = parts.OrderBy(p => p.Count).First();
                var rest = group.Except(small).ToList();
                double best = -1; int ba = 0, bb = 0;
                foreach (var a in small) foreach (var b in rest)
                {
                    var sc = level.Score(a, b, out _);
                    if (sc > best) { best = sc; ba = a; bb = b; }
                }
                Print("  best", g, level, byIp, truth, ba, bb);
            }
            Console.Error.WriteLine($"split identities: {splits}");
        }
    }

    private static void Print(string tag, IdentityGraph g, LinkLevel level, Dictionary<string, AttackerProfile> byIp, Dictionary<string, string> truth, int a, int b)
    {
        var score = level.Score(a, b, out var vetoed);
        var names = AttackerFeatures.Describe(byIp[g.Ip(a)]);
        Console.Error.WriteLine($"{tag} {truth[g.Ip(a)]}/{truth[g.Ip(b)]} score {score:0.000}{(vetoed ? " VETO" : "")}");
        var x = g.UnitValues(a); var y = g.UnitValues(b);
        foreach (var id in x.Intersect(y).OrderByDescending(level.Weight).Take(10))
        {
            var (kind, value) = names.GetValueOrDefault(g.Values.Key(id), (g.Values.Kind(id), "?"));
            Console.Error.WriteLine($"    {kind,-14} w {level.Weight(id):0.000} holders {level.Holders(id),5} {(level.IsPublicListEntry(id) ? "P" : " ")} {value}");
        }
    }
}
