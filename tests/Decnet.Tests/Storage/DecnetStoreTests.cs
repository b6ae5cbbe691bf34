using Decnet.Engine.Profiler;
using Decnet.Storage;

namespace Decnet.Tests.Storage;

public class DecnetStoreTests
{
    private static readonly TimeProvider Time = TimeProvider.System;
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static AttackerProfile Profile(string ip, int lastSeenMinutes, long events) => new()
    {
        Ip = ip,
        FirstSeen = T0,
        LastSeen = T0.AddMinutes(lastSeenMinutes).AddTicks(3),
        EventCount = events,
        Credentials = [new("root", "x", events, T0)],
    };

    [Test]
    public async Task ProfilesSurviveReopenExactly()
    {
        using var dir = new TempDataDir();
        var p = Profile("192.0.2.1", 5, 10);
        using (var store = DecnetStore.Open(dir.Path, "test", Time))
        {
            store.Attackers.Upsert(p);
            await Assert.That(store.Attackers.Get("192.0.2.1")).IsEqualTo(p);
            await Assert.That(store.Attackers.Get("192.0.2.2")).IsNull();
        }
        // Dispose checkpointed: the log file is folded into decnet.db.
        var log = Path.Combine(dir.Path, "decnet-log.db");
        await Assert.That(!File.Exists(log) || new FileInfo(log).Length == 0).IsTrue();
        using (var store = DecnetStore.Open(dir.Path, "test", Time))
        {
            await Assert.That(store.Attackers.Get("192.0.2.1")).IsEqualTo(p);
            await Assert.That(store.Attackers.Count()).IsEqualTo(1);
        }
    }

    [Test]
    public async Task ListUsesTheRequestedOrderAndLimit()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        store.InTransaction(() =>
        {
            store.Attackers.Upsert(Profile("10.0.0.1", 30, 5));
            store.Attackers.Upsert(Profile("10.0.0.2", 10, 500));
            store.Attackers.Upsert(Profile("10.0.0.3", 20, 50));
        });
        await Assert.That(string.Join(",", store.Attackers.List(AttackerSort.LastSeen, 10).Select(p => p.Ip))).IsEqualTo("10.0.0.1,10.0.0.3,10.0.0.2");
        await Assert.That(string.Join(",", store.Attackers.List(AttackerSort.Events, 2).Select(p => p.Ip))).IsEqualTo("10.0.0.2,10.0.0.3");
        await Assert.That(store.Attackers.List(AttackerSort.Events, 0).Count).IsEqualTo(0);
        await Assert.That(store.Attackers.ListAll().Count).IsEqualTo(3);
        // Updating a profile moves it in the index.
        store.Attackers.Upsert(Profile("10.0.0.2", 99, 501));
        await Assert.That(store.Attackers.List(AttackerSort.LastSeen, 1)[0].Ip).IsEqualTo("10.0.0.2");
    }

    [Test]
    [Arguments(AttackerSort.LastSeen, "last_seen")]
    [Arguments(AttackerSort.Events, "event_count")]
    public async Task ListReadsThroughTheSortIndex(AttackerSort sort, string index)
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        var plan = store.Attackers.ListQuery(sort, 10).GetPlan();
        await Assert.That(plan["index"]["name"].AsString).IsEqualTo(index);
        await Assert.That(plan["index"]["order"].AsInt32).IsEqualTo(-1);
        await Assert.That(plan["limit"].AsInt32).IsEqualTo(10);
    }

    [Test]
    public async Task ARolledBackTransactionLeavesNoTraceInDatabaseCacheOrLedger()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        var before = Profile("192.0.2.1", 1, 1);
        store.Attackers.Upsert(before);

        await Assert.That(() => store.InTransaction(() =>
        {
            store.Attackers.Upsert(Profile("192.0.2.1", 2, 2));
            store.Attackers.Upsert(Profile("192.0.2.9", 2, 2));
            store.SeenEvents.Record([(UInt128)1, (UInt128)2]);
            // Inside, the transaction sees its own writes.
            if (store.Attackers.Get("192.0.2.1")!.EventCount != 2 || !store.SeenEvents.Contains((UInt128)1)) return false;
            throw new InvalidOperationException("fail the batch");
        })).Throws<InvalidOperationException>();

        await Assert.That(store.Attackers.Get("192.0.2.1")).IsEqualTo(before);
        await Assert.That(store.Attackers.Get("192.0.2.9")).IsNull();
        await Assert.That(store.SeenEvents.Contains((UInt128)1)).IsFalse();
        await Assert.That(store.SeenEvents.Count).IsEqualTo(0L);
    }

    [Test]
    public async Task NestedTransactionsJoinTheOuterOne()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        await Assert.That(() => store.InTransaction(() =>
        {
            store.InTransaction(() => store.Attackers.Upsert(Profile("192.0.2.1", 1, 1)));
            throw new InvalidOperationException("outer fails");
        })).Throws<InvalidOperationException>();
        await Assert.That(store.Attackers.Get("192.0.2.1")).IsNull();
    }

    [Test]
    public async Task OtherThreadsSeeOnlyCommittedProfiles()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", Time);
        store.Attackers.Upsert(Profile("192.0.2.1", 1, 1));
        AttackerProfile? seenInside = null;
        store.InTransaction(() =>
        {
            store.Attackers.Upsert(Profile("192.0.2.1", 2, 2));
            // A real other thread (Task.Result could inline the task onto this one).
            var reader = new Thread(() => seenInside = store.Attackers.Get("192.0.2.1"));
            reader.Start();
            reader.Join();
        });
        await Assert.That(seenInside!.EventCount).IsEqualTo(1L);
        AttackerProfile? seenAfter = null;
        var after = new Thread(() => seenAfter = store.Attackers.Get("192.0.2.1"));
        after.Start();
        after.Join();
        await Assert.That(seenAfter!.EventCount).IsEqualTo(2L);
    }

    [Test]
    public async Task AnUncachedReadDuringATransactionSeesCommittedDataAndDoesNotPoisonTheCache()
    {
        using var dir = new TempDataDir();
        using (var first = DecnetStore.Open(dir.Path, "test", Time)) first.Attackers.Upsert(Profile("192.0.2.1", 1, 1));
        using var store = DecnetStore.Open(dir.Path, "test", Time); // fresh process-like state: empty cache
        AttackerProfile? seenInside = null;
        store.InTransaction(() =>
        {
            store.Attackers.Upsert(Profile("192.0.2.1", 2, 2));
            var reader = new Thread(() => seenInside = store.Attackers.Get("192.0.2.1"));
            reader.Start();
            reader.Join();
        });
        await Assert.That(seenInside!.EventCount).IsEqualTo(1L);
        await Assert.That(store.Attackers.Get("192.0.2.1")!.EventCount).IsEqualTo(2L);
    }

    [Test]
    public async Task DisposedStoreRefusesWork()
    {
        using var dir = new TempDataDir();
        var store = DecnetStore.Open(dir.Path, "test", Time);
        store.Dispose();
        store.Dispose();
        await Assert.That(() => store.InTransaction(() => 1)).Throws<ObjectDisposedException>();
        await Assert.That(StoreLock.IsHeld(dir.Path)).IsFalse();
    }
}
