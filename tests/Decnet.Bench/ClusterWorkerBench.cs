using System.Diagnostics;
using Decnet.Engine.Clustering;
using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Bench;

/// <summary>
/// The clusterer workers' path over a LiteDB store (DECNET_BENCH_CLUSTER=worker, DECNET_BENCH_CLUSTER_N, default
/// 200,000): the population less every 1001st attacker (up to 1,000, as the scale part) stored and clustered in full by the
/// identity and campaign clusterers, then those stored and one incremental tick of each, timed apart (the campaign part
/// is the `campaign-clusterer` worker's tick).
/// </summary>
public static class ClusterWorkerBench
{
    public static IEnumerable<BenchFigure> Run()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("DECNET_BENCH_CLUSTER_N"), out var v) && v > 0 ? v : 200_000;
        var population = Scenarios.Generate(Scenarios.Mixed, n + 1000, Scenarios.DefaultStart, new Random(42));
        var later = new List<AttackerProfile>(1000);
        var fold = new ProfileFold();
        for (var i = 1000; i < population.Attackers.Count && later.Count < 1000; i += 1001) later.Add(fold.Fold(population.Attackers[i]));
        var source = new StreamedProfiles(population.Attackers, i => i % 1001 == 1000 && i / 1001 < later.Count);
        var dir = Directory.CreateTempSubdirectory("decnet-bench-worker-").FullName;
        try
        {
            using var gate = new StoreGate(DecnetStore.Open(dir, "bench", TimeProvider.System));
            var clock = Stopwatch.StartNew();
            gate.Use(s => s.InTransaction(() => { foreach (var p in source) s.Attackers.Upsert(p); return 0; }));
            Console.Error.WriteLine($"cluster worker: {source.Count:N0} profiles stored in {clock.Elapsed.TotalSeconds:0.0} s");
            var identities = new IdentityClusterer(TimeProvider.System, NullLogger.Instance);
            var campaigns = new CampaignClusterer(TimeProvider.System, NullLogger.Instance);
            clock.Restart();
            var id0 = identities.Tick(gate, null, null);
            var identityFull = clock.Elapsed;
            clock.Restart();
            var ca0 = campaigns.Tick(gate, null, identities);
            Console.Error.WriteLine($"cluster worker: full ticks: identities {identityFull.TotalSeconds:0.0} s ({id0.Components:N0}), campaigns {clock.Elapsed.TotalSeconds:0.0} s ({ca0.Components:N0})");
            gate.Use(s => s.InTransaction(() => { foreach (var p in later) s.Attackers.Upsert(p); return 0; }));
            clock.Restart();
            var id1 = identities.Tick(gate, null, later.Select(p => p.Ip).ToList());
            var identityTick = clock.Elapsed;
            clock.Restart();
            var ca1 = campaigns.Tick(gate, null, identities);
            var campaignTick = clock.Elapsed;
            Console.Error.WriteLine($"cluster worker: +{later.Count} tick: identities {identityTick.TotalMilliseconds:0} ms ({id1.Reevaluated:N0} attackers re-evaluated, {id1.RecordsWritten:N0} written), campaigns {campaignTick.TotalMilliseconds:0} ms ({(ca1.Full ? "full" : "incremental")}, {ca1.Reevaluated:N0} identity slots re-evaluated, {ca1.Components:N0} campaigns assigned, {ca1.RecordsWritten:N0} written)");
            yield return new BenchFigure($"cluster worker {source.Count / 1000}k +{later.Count} identity tick", identityTick.TotalMilliseconds, "ms", "target", 2_000, "ms");
            yield return new BenchFigure($"cluster worker {source.Count / 1000}k +{later.Count} campaign tick", campaignTick.TotalMilliseconds, "ms", "target", 2_000, "ms");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
