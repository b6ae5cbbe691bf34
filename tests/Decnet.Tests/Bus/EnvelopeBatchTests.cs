using System.Buffers.Binary;
using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class EnvelopeBatchTests
{
    private const string Topic = "attacker.observed";
    private static readonly byte[] TopicUtf8 = Encoding.UTF8.GetBytes(Topic);
    private static readonly DateTimeOffset Ts = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static byte[] Envelope(int i, string topic = Topic)
        => EnvelopeCodec.Encode(new BusEnvelope($"01JNP7Z7ZV{i:D16}", Ts.AddMilliseconds(i), topic, "attacker",
            Encoding.UTF8.GetBytes($$"""{"ip":"198.51.100.{{i % 250}}","n":{{i}},"note":"line {{i}}"}""")));

    private static (List<BusEnvelope> Delivered, int Malformed) DecodeAll(byte[] frame, byte[]? topic = null)
    {
        var delivered = new List<BusEnvelope>();
        var malformed = EnvelopeBatch.Decode(frame, topic ?? TopicUtf8, delivered.Add);
        return (delivered, malformed);
    }

    /// <summary>A plain frame around raw entries (bypasses the encoder so broken entries can be built).</summary>
    private static byte[] PlainFrame(byte[] entries, int count)
    {
        var frame = new byte[EnvelopeBatch.HeaderBytes + entries.Length];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (uint)entries.Length);
        entries.CopyTo(frame.AsSpan(EnvelopeBatch.HeaderBytes));
        return frame;
    }

    private static byte[] Entries(params byte[][] envelopes)
    {
        var entries = new byte[envelopes.Sum(e => EnvelopeBatch.EntrySize(e.Length))];
        var offset = 0;
        foreach (var e in envelopes) offset = EnvelopeBatch.AppendEntry(entries, offset, e);
        return entries;
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task RoundTripKeepsEveryEnvelopeInOrder(bool compress)
    {
        var envelopes = Enumerable.Range(0, 200).Select(i => Envelope(i)).ToList();
        var frame = EnvelopeBatch.Encode(envelopes, compress);

        await Assert.That(EnvelopeBatch.TryReadHeader(frame, out var format, out var count, out var length)).IsTrue();
        await Assert.That((int)format).IsEqualTo(compress ? 1 : 0);
        await Assert.That(count).IsEqualTo(200);
        await Assert.That(length).IsEqualTo(envelopes.Sum(e => e.Length + 4));
        if (compress) await Assert.That(frame.Length).IsLessThan(length / 3); // JSON of one topic compresses well

        var (delivered, malformed) = DecodeAll(frame);
        await Assert.That(malformed).IsEqualTo(0);
        await Assert.That(delivered.Count).IsEqualTo(200);
        for (var i = 0; i < 200; i++)
        {
            await Assert.That(delivered[i].Id).IsEqualTo($"01JNP7Z7ZV{i:D16}");
            await Assert.That(delivered[i].Ts).IsEqualTo(Ts.AddMilliseconds(i));
            await Assert.That(EnvelopeCodec.Encode(delivered[i])).IsEquivalentTo(envelopes[i]);
        }
    }

    [Test]
    public async Task ALoneSmallEnvelopeTravelsUncompressed()
    {
        var frame = EnvelopeBatch.Encode([Envelope(1)], compress: true);
        await Assert.That(EnvelopeBatch.TryReadHeader(frame, out var format, out var count, out _)).IsTrue();
        await Assert.That((int)format).IsEqualTo(0);
        await Assert.That(count).IsEqualTo(1);
        await Assert.That(DecodeAll(frame).Delivered.Single().Id).IsEqualTo($"01JNP7Z7ZV{1:D16}");
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task ABadEntryIsCountedAndTheRestStillDelivered(bool compress)
    {
        var frame = EnvelopeBatch.Encode(
            [Envelope(1), "{\"v\":1,\"id\":"u8.ToArray(), Envelope(2), Envelope(3, "attacker.scored"), [], Envelope(4)], compress);
        var (delivered, malformed) = DecodeAll(frame);
        // unparsable JSON, a topic that is not the batch's, and an empty entry
        await Assert.That(malformed).IsEqualTo(3);
        await Assert.That(delivered.Select(e => e.Id).ToList())
            .IsEquivalentTo(new[] { 1, 2, 4 }.Select(i => $"01JNP7Z7ZV{i:D16}").ToList());
    }

    [Test]
    public async Task ATruncatedTailCountsOnceAfterTheGoodEntries()
    {
        var good = Entries(Envelope(1), Envelope(2));
        var broken = new byte[good.Length + 4 + 10];
        good.CopyTo(broken, 0);
        BinaryPrimitives.WriteUInt32BigEndian(broken.AsSpan(good.Length), 1000); // claims 1000 bytes, 10 follow
        var (delivered, malformed) = DecodeAll(PlainFrame(broken, 3));
        await Assert.That(delivered.Count).IsEqualTo(2);
        await Assert.That(malformed).IsEqualTo(1);

        var (none, stub) = DecodeAll(PlainFrame([0, 0], 1)); // not even a length prefix
        await Assert.That(none.Count).IsEqualTo(0);
        await Assert.That(stub).IsEqualTo(1);
    }

    [Test]
    public async Task UnreadableFramesCountOnceAndDeliverNothing()
    {
        var compressed = EnvelopeBatch.Encode(Enumerable.Range(0, 50).Select(i => Envelope(i)), compress: true);
        var corrupt = (byte[])compressed.Clone();
        for (var i = EnvelopeBatch.HeaderBytes + 4; i < corrupt.Length; i += 7) corrupt[i] ^= 0x5A;
        var shortened = compressed[..^20];
        var wrongLength = (byte[])compressed.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(wrongLength.AsSpan(5), BinaryPrimitives.ReadUInt32BigEndian(wrongLength.AsSpan(5)) + 1);
        var unknownFormat = (byte[])compressed.Clone();
        unknownFormat[0] = 7;
        var bomb = (byte[])compressed.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(5), uint.MaxValue);
        var plainLengthLies = PlainFrame(Entries(Envelope(1)), 1);
        BinaryPrimitives.WriteUInt32BigEndian(plainLengthLies.AsSpan(5), 5);

        foreach (var frame in new[] { corrupt, shortened, wrongLength, unknownFormat, bomb, plainLengthLies, [1, 2, 3], Array.Empty<byte>() })
        {
            var (delivered, malformed) = DecodeAll(frame);
            await Assert.That(delivered.Count).IsEqualTo(0);
            await Assert.That(malformed).IsEqualTo(1);
        }
    }

    [Test]
    public async Task AnEnvelopeLargerThanABatchTravelsAlone()
    {
        var big = EnvelopeCodec.Encode(new BusEnvelope("01JNP7Z7ZV0000000000000001", Ts, Topic, "attacker",
            Encoding.UTF8.GetBytes($"\"{new string('a', EnvelopeBatch.TargetBytes * 2)}\"")));
        var frame = EnvelopeBatch.Encode([big], compress: true);
        var (delivered, malformed) = DecodeAll(frame);
        await Assert.That(malformed).IsEqualTo(0);
        await Assert.That(delivered.Single().Payload.Length).IsEqualTo(EnvelopeBatch.TargetBytes * 2 + 2);
    }
}
