using System.Diagnostics;
using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using Decnet.Storage;
using Decnet.Tests.Storage;
using LiteDB;

namespace Decnet.Tests.Profiler;

public class EventBatchApplierTests
{
    private static readonly TimeProvider Time = TimeProvider.System;

    private static Dictionary<string, AttackerProfile> FoldPerIp(IEnumerable<DecnetEvent> events) =>
        events.GroupBy(e => e.SrcIp).ToDictionary(g => g.Key, g => ProfileUpdater.Apply(null, g.ToList()));

    [Test]
    public async Task StoredProfilesEqualAPureFoldOfTheDistinctEvents()
    {
        using var dir = new TempDataDir();
        var gen = new SyntheticEvents(11);
        var events = gen.Generate(6_000, 60, TimeSpan.FromDays(2));
        // Re-send a slice: duplicates across batches must not count twice.
        var stream = events.Concat(events.GetRange(1_000, 500)).ToList();
        using (var store = DecnetStore.Open(dir.Path, "test", Time))
        {
            var applier = new EventBatchApplier(store);
            int accepted = 0, duplicates = 0;
            for (var i = 0; i < stream.Count; i += 700)
            {
                var r = applier.Apply(stream.GetRange(i, Math.Min(700, stream.Count - i)));
                accepted += r.Accepted;
                duplicates += r.Duplicates;
            }
            await Assert.That(accepted).IsEqualTo(6_000);
            await Assert.That(duplicates).IsEqualTo(500);
            await Assert.That(store.SeenEvents.Count).IsEqualTo(6_000L);
        }
        using (var store = DecnetStore.Open(dir.Path, "test", Time)) // read back from disk, not the cache
        {
            var expected = FoldPerIp(events);
            await Assert.That(store.Attackers.Count()).IsEqualTo(expected.Count);
            foreach (var (ip, profile) in expected) await Assert.That(store.Attackers.Get(ip)).IsEqualTo(profile);
            // After a restart the ledger still knows every id.
            var again = new EventBatchApplier(store).Apply(events.GetRange(0, 100));
            await Assert.That(again).IsEqualTo(new BatchResult(0, 100, 0, again.NewIps, again.UpdatedIps));
            await Assert.That(again.NewIps.Count + again.UpdatedIps.Count).IsEqualTo(0);
        }
    }

    [Test]
    public async Task ReportsDuplicatesInsideABatchNewAndUpdatedIpsAndRejects()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        var applier = new EventBatchApplier(store);
        var a = Events.Ev(EventTypes.SessionConnect, 1, ip: "192.0.2.1", id: "a");
        var b = Events.Ev(EventTypes.SessionConnect, 2, ip: "192.0.2.2", id: "b");
        var noIp = Events.Ev(EventTypes.SessionConnect, 3, ip: "", id: "c");

        var first = applier.Apply([a, a, b, noIp]);
        await Assert.That(first.Accepted).IsEqualTo(2);
        await Assert.That(first.Duplicates).IsEqualTo(1);
        await Assert.That(first.Rejected).IsEqualTo(1);
        await Assert.That(string.Join(",", first.NewIps)).IsEqualTo("192.0.2.1,192.0.2.2");
        await Assert.That(first.UpdatedIps.Count).IsEqualTo(0);
        await Assert.That(store.Attackers.Get("192.0.2.1")!.EventCount).IsEqualTo(1L);

        var second = applier.Apply([a, Events.Ev(EventTypes.SessionClosed, 4, ip: "192.0.2.1", id: "d")]);
        await Assert.That(second.Accepted).IsEqualTo(1);
        await Assert.That(second.Duplicates).IsEqualTo(1);
        await Assert.That(second.NewIps.Count).IsEqualTo(0);
        await Assert.That(string.Join(",", second.UpdatedIps)).IsEqualTo("192.0.2.1");
        await Assert.That(store.Attackers.Get("192.0.2.1")!.EventCount).IsEqualTo(2L);
        await Assert.That(applier.Apply([])).IsEqualTo(BatchResult.Empty);
    }

    [Test]
    public async Task AFailingBatchAppliesNothing()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        // A damaged stored profile makes loading it throw halfway through the batch.
        store.Database.GetCollection("attackers").Insert(new BsonDocument { ["_id"] = "192.0.2.66", ["first_seen"] = "garbage" });
        var applier = new EventBatchApplier(store);
        var good = Events.Ev(EventTypes.SessionConnect, 1, ip: "192.0.2.1", id: "good");
        var bad = Events.Ev(EventTypes.SessionConnect, 2, ip: "192.0.2.66", id: "bad");

        await Assert.That(() => applier.Apply([good, bad])).Throws<Decnet.Storage.Codecs.StoreFormatException>();
        await Assert.That(store.Attackers.Get("192.0.2.1")).IsNull();
        await Assert.That(store.SeenEvents.Contains("good")).IsFalse();

        // The same good event goes through once the bad one is left out.
        var retry = applier.Apply([good]);
        await Assert.That(retry.Accepted).IsEqualTo(1);
        await Assert.That(store.Attackers.Get("192.0.2.1")!.EventCount).IsEqualTo(1L);
    }

    private static List<List<DecnetEvent>> Batches(List<DecnetEvent> events, int seed)
    {
        var r = new Random(seed);
        var batches = new List<List<DecnetEvent>>();
        for (var i = 0; i < events.Count;)
        {
            var n = Math.Min(r.Next(5_000, 10_001), events.Count - i);
            batches.Add(events.GetRange(i, n));
            i += n;
        }
        return batches;
    }

    /// <summary>Best of three runs, each into a fresh store (the JIT needs the first runs to reach optimised code; the AOT binary starts there).</summary>
    private static (double EventsPerSecond, int TouchedPerBatch) Fresh(List<List<DecnetEvent>> batches)
    {
        var best = 0.0;
        var touched = 0;
        for (var run = 0; run < 3; run++)
        {
            using var dir = new TempDataDir();
            using var store = DecnetStore.Open(dir.Path, "bench", Time);
            var applier = new EventBatchApplier(store);
            var sw = Stopwatch.StartNew();
            var count = 0;
            touched = 0;
            foreach (var b in batches)
            {
                var result = applier.Apply(b);
                count += result.Accepted;
                touched += result.NewIps.Count + result.UpdatedIps.Count;
            }
            best = Math.Max(best, count / sw.Elapsed.TotalSeconds);
        }
        return (best, touched / batches.Count);
    }

    /// <summary>
    /// Throughput of the ingest write path, printed (not asserted): 35k events over 562 IPs (the real Cowrie sample's
    /// shape) in batches of 5–10k into a fresh store; the same with every IP in every batch (worst case); a re-sent
    /// stream (all duplicates); and a second stream into the reopened store (cold cache, ledger loaded from disk).
    /// Run with DOTNET_TieredCompilation=0 for figures close to the AOT binary's (no tier-0 code).
    /// </summary>
    [Test]
    [NotInParallel]
    public async Task Throughput()
    {
        var realistic = Batches(new SyntheticEvents(2018).Generate(35_000, 562, TimeSpan.FromDays(26)), 5);
        var uniform = Batches(new SyntheticEvents(2018).GenerateUniform(35_000, 562, TimeSpan.FromDays(26)), 5);
        Fresh(Batches(new SyntheticEvents(7).Generate(35_000, 562, TimeSpan.FromDays(26)), 7)); // warm-up
        var (bursty, burstyTouched) = Fresh(realistic);
        var (worst, worstTouched) = Fresh(uniform);

        using var dir = new TempDataDir();
        double duplicates, reopened;
        using (var store = DecnetStore.Open(dir.Path, "bench", Time))
        {
            var applier = new EventBatchApplier(store);
            foreach (var b in realistic) applier.Apply(b);
            var sw = Stopwatch.StartNew();
            var dups = realistic.Sum(b => applier.Apply(b).Duplicates);
            duplicates = dups / sw.Elapsed.TotalSeconds;
            await Assert.That(dups).IsEqualTo(35_000);
        }
        var next = Batches(new SyntheticEvents(2019).Generate(35_000, 562, TimeSpan.FromDays(26)), 6);
        using (var store = DecnetStore.Open(dir.Path, "bench", Time))
        {
            var applier = new EventBatchApplier(store);
            var sw = Stopwatch.StartNew();
            var accepted = next.Sum(b => applier.Apply(b).Accepted);
            reopened = accepted / sw.Elapsed.TotalSeconds;
            await Assert.That(accepted).IsEqualTo(35_000);
        }
        Console.WriteLine($"ingest-applier realistic {bursty:F0} events/s (35k events, 562 IPs, {realistic.Count} batches of 5-10k, ~{burstyTouched} IPs/batch; target 100000)");
        Console.WriteLine($"ingest-applier every-ip-every-batch {worst:F0} events/s (~{worstTouched} IPs/batch; target 100000)");
        Console.WriteLine($"ingest-applier all-duplicates {duplicates:F0} events/s (same 35k re-sent)");
        Console.WriteLine($"ingest-applier reopened-store {reopened:F0} events/s (35k new events, cold cache, ledger read from disk)");
    }
}
