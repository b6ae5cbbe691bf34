using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class OutgoingBatchesTests
{
    private static readonly DateTimeOffset Ts = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static BusEnvelope Envelope(string topic, int i, int payloadBytes = 16)
        => new($"01JNP7Z7ZV{i:D16}", Ts, topic, "t", Encoding.UTF8.GetBytes($"\"{new string('p', payloadBytes)}\""));

    private static List<BusEnvelope> Unpack(OutgoingBatch batch)
    {
        var list = new List<BusEnvelope>();
        var reader = EnvelopeBatch.ReadEntries(batch.Entries);
        while (reader.TryNext(out var entry)) list.Add(EnvelopeCodec.Decode(entry.ToArray()));
        return list;
    }

    [Test]
    public async Task ConsecutiveEnvelopesOfOneTopicShareABatch()
    {
        var queue = new OutgoingBatches(100, () => { });
        foreach (var (topic, i) in new[] { ("a.b", 0), ("a.b", 1), ("a.b", 2), ("c.d", 3), ("a.b", 4), ("a.b", 5) })
            await Assert.That(queue.TryAdd(Envelope(topic, i))).IsTrue();

        var batches = queue.TakeAll();
        await Assert.That(batches.Select(b => b.Topic).ToList()).IsEquivalentTo(new[] { "a.b", "c.d", "a.b" }.ToList());
        await Assert.That(batches.Select(b => b.Count).ToList()).IsEquivalentTo(new[] { 3, 1, 2 }.ToList());
        await Assert.That(Encoding.UTF8.GetString(batches[1].TopicUtf8)).IsEqualTo("c.d");
        var ids = batches.SelectMany(Unpack).Select(e => e.Id).ToList();
        await Assert.That(ids).IsEquivalentTo(Enumerable.Range(0, 6).Select(i => $"01JNP7Z7ZV{i:D16}").ToList());
        queue.Recycle(batches);
        await Assert.That(queue.TakeAll().Count).IsEqualTo(0);
    }

    [Test]
    public async Task ABatchClosesNearTheTargetSize()
    {
        var queue = new OutgoingBatches(10_000, () => { });
        for (var i = 0; i < 400; i++) queue.TryAdd(Envelope("a.b", i, payloadBytes: 1000));
        var batches = queue.TakeAll();
        await Assert.That(batches.Count).IsGreaterThan(1);
        await Assert.That(batches.Sum(b => b.Count)).IsEqualTo(400);
        foreach (var batch in batches) await Assert.That(batch.Length).IsLessThanOrEqualTo(EnvelopeBatch.TargetBytes);
    }

    [Test]
    public async Task AFullQueueDropsAndCountsWithoutBlocking()
    {
        var queue = new OutgoingBatches(5, () => { });
        var accepted = Enumerable.Range(0, 8).Count(i => queue.TryAdd(Envelope("a.b", i)));
        await Assert.That(accepted).IsEqualTo(5);
        await Assert.That(queue.Dropped).IsEqualTo(3L);
        await Assert.That(queue.Accepted).IsEqualTo(5L);
        // taking frees the room
        queue.Recycle(queue.TakeAll());
        await Assert.That(queue.TryAdd(Envelope("a.b", 9))).IsTrue();
        queue.Close();
        await Assert.That(queue.TryAdd(Envelope("a.b", 10))).IsFalse();
        await Assert.That(queue.Dropped).IsEqualTo(4L);
    }

    [Test]
    public async Task TheSenderIsSignalledOncePerEmptyToBusyTransition()
    {
        var signals = 0;
        var queue = new OutgoingBatches(100, () => signals++);
        queue.TryAdd(Envelope("a.b", 0));
        queue.TryAdd(Envelope("a.b", 1));
        await Assert.That(signals).IsEqualTo(1); // a lone first message wakes the sender at once; no timer
        var taken = queue.TakeAll();
        queue.TryAdd(Envelope("a.b", 2)); // sender busy (has not come back empty): no new signal
        await Assert.That(signals).IsEqualTo(1);
        queue.Recycle(taken);
        queue.Recycle(queue.TakeAll());
        await Assert.That(queue.TakeAll().Count).IsEqualTo(0); // empty take re-arms
        queue.TryAdd(Envelope("a.b", 3));
        await Assert.That(signals).IsEqualTo(2);
    }

    [Test]
    public async Task AnInvalidEnvelopeThrowsAndLeavesTheQueueUsable()
    {
        var queue = new OutgoingBatches(100, () => { });
        var bad = new BusEnvelope("01JNP7Z7ZV0000000000000001", Ts, "a.b", "t", "{nope"u8.ToArray());
        await Assert.That(() => queue.TryAdd(bad)).Throws<ArgumentException>();
        await Assert.That(queue.TryAdd(Envelope("a.b", 1))).IsTrue();
        var batch = queue.TakeAll().Single();
        await Assert.That(Unpack(batch).Single().Id).IsEqualTo($"01JNP7Z7ZV{1:D16}");
    }
}
