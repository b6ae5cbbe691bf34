using System.Diagnostics;
using Decnet.Engine.Clustering;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;

namespace Decnet.Bench;

/// <summary>
/// Clustering (issue 4 targets): per-scenario minimum ARI / pairwise F1 over fresh seeds (DECNET_BENCH_SEEDS, default
/// 20) against the 0.95 target; identity + campaign clustering of 1,000,000 simulated attackers against the 20 s
/// target (peak working set against 2 GB); an incremental tick after 1,000 new attackers against 2 s; blocking against
/// the all-pairs reference at 5k/10k/20k (same components checked). Bench arguments: "cluster" (all), or set
/// DECNET_BENCH_CLUSTER=quality|scale|allpairs to run one part.
/// </summary>
public static class ClusterBench
{
    public static IEnumerable<BenchFigure> Run()
    {
        var part = Environment.GetEnvironmentVariable("DECNET_BENCH_CLUSTER") ?? "all";
        if (part is "all" or "allpairs") foreach (var f in AllPairs()) yield return f;
        if (part is "all" or "scale") foreach (var f in Scale()) yield return f;
        if (part is "all" or "quality") foreach (var f in Quality()) yield return f;
        if (part is "worker") foreach (var f in ClusterWorkerBench.Run()) yield return f;
        if (part is "diag") ClusterDiagnostic.Run();
    }

    private static IEnumerable<BenchFigure> Quality()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("DECNET_BENCH_SEEDS"), out var s) && s > 0 ? s : 20;
        var attackers = int.TryParse(Environment.GetEnvironmentVariable("DECNET_BENCH_QUALITY_ATTACKERS"), out var a) && a > 0 ? a : 3000;
        // DECNET_BENCH_SEED_BASE replays the seeds of an earlier run (printed below); fresh ones otherwise.
        var baseSeed = int.TryParse(Environment.GetEnvironmentVariable("DECNET_BENCH_SEED_BASE"), out var b) ? b : Environment.TickCount;
        foreach (var scenario in Scenarios.Names)
        {
            double minIdAri = 1, minIdF1 = 1, minCaAri = 1, minCaF1 = 1;
            var worstSeed = baseSeed;
            for (var i = 0; i < seeds; i++)
            {
                var population = Scenarios.Generate(scenario, attackers, Scenarios.DefaultStart, new Random(baseSeed + i));
                var truth = population.Truth().ToDictionary(t => t.Ip, t => new ClusterAssignment(t.Identity, t.Campaign), StringComparer.Ordinal);
                var r = AssignmentComparer.Compare(truth, ClusterPipeline.Run(population.Profiles().ToList()).Assignments());
                var worst = Math.Min(Math.Min(r.Identity.AdjustedRandIndex, r.Identity.PairF1), Math.Min(r.Campaign.AdjustedRandIndex, r.Campaign.PairF1));
                if (worst < Math.Min(Math.Min(minIdAri, minIdF1), Math.Min(minCaAri, minCaF1))) worstSeed = baseSeed + i;
                minIdAri = Math.Min(minIdAri, r.Identity.AdjustedRandIndex);
                minIdF1 = Math.Min(minIdF1, r.Identity.PairF1);
                minCaAri = Math.Min(minCaAri, r.Campaign.AdjustedRandIndex);
                minCaF1 = Math.Min(minCaF1, r.Campaign.PairF1);
            }
            Console.Error.WriteLine($"cluster quality: {scenario}, {seeds} seeds from {baseSeed} (worst {worstSeed}), {attackers} attackers each; minimum over seeds: identity ARI {minIdAri:0.000} F1 {minIdF1:0.000}, campaign ARI {minCaAri:0.000} F1 {minCaF1:0.000}");
            yield return new BenchFigure($"{scenario} identity ARI min x1000", minIdAri * 1000, "", "target", 950, "");
            yield return new BenchFigure($"{scenario} identity F1 min x1000", minIdF1 * 1000, "", "target", 950, "");
            yield return new BenchFigure($"{scenario} campaign ARI min x1000", minCaAri * 1000, "", "target", 950, "");
            yield return new BenchFigure($"{scenario} campaign F1 min x1000", minCaF1 * 1000, "", "target", 950, "");
        }
    }

    private static IEnumerable<BenchFigure> Scale()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("DECNET_BENCH_CLUSTER_N"), out var v) && v > 0 ? v : 1_000_000;
        var clock = Stopwatch.StartNew();
        var population = Scenarios.Generate(Scenarios.Mixed, n + 1000, Scenarios.DefaultStart, new Random(42));
        Console.Error.WriteLine($"cluster scale: {population.Attackers.Count:N0} attackers planned in {clock.Elapsed.TotalSeconds:0.0} s; plan holds {GC.GetTotalMemory(true) / 1e6:N0} MB of heap");
        // The last 1,000 (every 1001st) arrive later, for the incremental tick; the rest stream into the clusterer,
        // folded to profiles a chunk at a time (as the clusterer reads them from the store), never all held at once.
        var later = new List<AttackerProfile>(1000);
        var fold = new ProfileFold();
        for (var i = 1000; i < population.Attackers.Count && later.Count < 1000; i += 1001) later.Add(fold.Fold(population.Attackers[i]));
        var source = new StreamedProfiles(population.Attackers, i => i % 1001 == 1000 && i / 1001 < later.Count);
        var pausedBefore = GC.GetTotalPauseDuration();
        clock.Restart();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pipeline = ClusterPipeline.Run(source);
        Console.Error.WriteLine($"cluster scale: run used {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:0.0} s of CPU");
        Console.Error.WriteLine($"cluster scale: GC pauses during the run {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:0.00} s, {GC.CollectionCount(2)} gen2 collections so far");
        var total = clock.Elapsed - source.FoldTime;
        long entries = 0;
        for (var u = 0; u < pipeline.Graph.Count; u++) entries += pipeline.Graph.UnitValues(u).Length;
        var state = GC.GetTotalMemory(true);
        Console.Error.WriteLine($"cluster scale: {source.Count:N0} profiles streamed (folding them took {source.FoldTime.TotalSeconds:0.0} s, not counted); features {(pipeline.FeatureTime - source.FoldTime).TotalSeconds:0.00} s, identities {pipeline.IdentityTime.TotalSeconds:0.00} s ({pipeline.Identities.Count:N0}), campaigns {pipeline.CampaignTime.TotalSeconds:0.00} s");
        Console.Error.WriteLine($"cluster scale: {pipeline.Graph.Values.Count:N0} distinct values, {entries:N0} attacker-value entries; heap with plan and clustering state {state / 1e6:N0} MB");
        yield return new BenchFigure($"cluster {source.Count / 1000}k identity+campaign", total.TotalMilliseconds, "ms", "target", 20_000, "ms");
        yield return new BenchFigure("cluster peak working set", Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, "MB", "target", 2_000, "MB");
        var gen2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        clock.Restart();
        pipeline.Update(later);
        yield return new BenchFigure($"cluster incremental +{later.Count} tick", clock.Elapsed.TotalMilliseconds, "ms", "target", 2_000, "ms");
        Console.Error.WriteLine($"cluster incremental: {pipeline.Graph.LastIncremental}; largest identity {pipeline.Identities.Max(c => c.Count)} attackers");
        Console.Error.WriteLine($"cluster incremental: identities {pipeline.IdentityTime.TotalMilliseconds:0} ms ({pipeline.LastTickReevaluated:N0} attackers re-evaluated), campaigns {pipeline.CampaignTime.TotalMilliseconds:0} ms; GC {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms paused, {GC.CollectionCount(2) - gen2} gen2");
    }

    private static IEnumerable<BenchFigure> AllPairs()
    {
        foreach (var n in new[] { 5_000, 10_000, 20_000 })
        {
            var population = Scenarios.Generate(Scenarios.Mixed, n, Scenarios.DefaultStart, new Random(n));
            var graph = new IdentityGraph();
            graph.UpsertAll(population.Profiles().ToList());
            var clock = Stopwatch.StartNew();
            graph.LinkAll();
            var blocked = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var reference = graph.Level!.LinkAllPairs();
            var allPairs = clock.Elapsed.TotalMilliseconds;
            var same = reference.SequenceEqual(graph.Labels);
            Console.Error.WriteLine($"cluster all-pairs {n}: same components: {same}");
            if (!same) throw new InvalidOperationException($"blocking and all-pairs disagree at {n} attackers");
            yield return new BenchFigure($"cluster link {n / 1000}k (blocking)", blocked, "ms", "all-pairs reference", allPairs, "ms");
        }
    }
}
