using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class EnvelopeCodecTests
{
    private static readonly DateTimeOffset Ts = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Test]
    public async Task RoundTripKeepsEveryFieldAndThePayloadBytes()
    {
        var payload = Encoding.UTF8.GetBytes("""{"ip":"203.0.113.7","n":[1,2.5,null],"s":"é\"\\"}""");
        var envelope = new BusEnvelope("01JNP7Z7ZV0000000000000000", Ts.AddTicks(1234), Topics.AttackerObserved, "attacker", payload);

        var bytes = EnvelopeCodec.Encode(envelope);
        var decoded = EnvelopeCodec.Decode(bytes);

        await Assert.That(decoded.V).IsEqualTo(1);
        await Assert.That(decoded.Id).IsEqualTo(envelope.Id);
        await Assert.That(decoded.Ts).IsEqualTo(envelope.Ts);
        await Assert.That(decoded.Ts.Offset).IsEqualTo(TimeSpan.Zero);
        await Assert.That(decoded.Topic).IsEqualTo(envelope.Topic);
        await Assert.That(decoded.Type).IsEqualTo("attacker");
        await Assert.That(decoded.Payload.ToArray()).IsEquivalentTo(payload);
    }

    [Test]
    public async Task WireFormIsCompactJsonWithUtcTimestamp()
    {
        var envelope = new BusEnvelope("01JNP7Z7ZV0000000000000000", Ts, "a.b", "t", "{\"x\":1}"u8.ToArray());
        var text = Encoding.UTF8.GetString(EnvelopeCodec.Encode(envelope));
        await Assert.That(text).IsEqualTo("""{"v":1,"id":"01JNP7Z7ZV0000000000000000","ts":"2025-03-04T05:06:07.89Z","topic":"a.b","type":"t","payload":{"x":1}}""");
    }

    [Test]
    public async Task NonUtcTimestampIsNormalisedToUtc()
    {
        var local = new DateTimeOffset(2025, 3, 4, 7, 6, 7, TimeSpan.FromHours(2));
        var text = Encoding.UTF8.GetString(EnvelopeCodec.Encode(new BusEnvelope("x", local, "a", "t", "1"u8.ToArray())));
        await Assert.That(text).Contains("\"ts\":\"2025-03-04T05:06:07Z\"");
        var decoded = EnvelopeCodec.Decode(Encoding.UTF8.GetBytes("""{"v":1,"id":"x","ts":"2025-03-04T07:06:07+02:00","topic":"a","type":"t","payload":1}"""));
        await Assert.That(decoded.Ts).IsEqualTo(local);
        await Assert.That(decoded.Ts.Offset).IsEqualTo(TimeSpan.Zero);
    }

    [Test]
    [Arguments("""{"v":2,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}}""", "unsupported envelope version 2")]
    [Arguments("""{"v":"1","id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}}""", "'v' must be an integer")]
    [Arguments("""{"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}}""", "missing field 'v'")]
    [Arguments("""{"v":1,"ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}}""", "missing field 'id'")]
    [Arguments("""{"v":1,"id":"","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}}""", "missing field 'id'")]
    [Arguments("""{"v":1,"id":"x","topic":"a","type":"t","payload":{}}""", "missing field 'ts'")]
    [Arguments("""{"v":1,"id":"x","ts":"yesterday","topic":"a","type":"t","payload":{}}""", "'ts' must be an ISO 8601")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","type":"t","payload":{}}""", "missing field 'topic'")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a..b","type":"t","payload":{}}""", "field 'topic'")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a.*","type":"t","payload":{}}""", "field 'topic'")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","payload":{}}""", "missing field 'type'")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t"}""", "missing field 'payload'")]
    [Arguments("""{"v":1,"id":7,"ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}}""", "'id' must be a string")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{"a":}""", "not valid JSON")]
    [Arguments("""{"v":1,"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":{}} {}""", "")]
    [Arguments("""[1,2]""", "not a JSON object")]
    [Arguments("", "")]
    [Arguments("not json", "")]
    public async Task RejectsWithAClearMessage(string json, string fragment)
    {
        EnvelopeFormatException? caught = null;
        try { EnvelopeCodec.Decode(Encoding.UTF8.GetBytes(json)); }
        catch (EnvelopeFormatException e) { caught = e; }
        await Assert.That(caught).IsNotNull();
        await Assert.That(caught!.Message).Contains(fragment);
    }

    [Test]
    public async Task UnknownFieldsAreTolerated()
    {
        var decoded = EnvelopeCodec.Decode(Encoding.UTF8.GetBytes(
            """{"v":1,"extra":{"deep":[1,{"x":2}]},"id":"x","ts":"2025-03-04T05:06:07Z","topic":"a","type":"t","payload":[1, 2]}"""));
        await Assert.That(Encoding.UTF8.GetString(decoded.Payload.Span)).IsEqualTo("[1, 2]");
    }

    [Test]
    public async Task EncodeRefusesInvalidPayloadJson()
    {
        var bad = new BusEnvelope("x", Ts, "a", "t", "{\"x\":"u8.ToArray());
        await Assert.That(() => EnvelopeCodec.Encode(bad)).Throws<ArgumentException>();
        var empty = new BusEnvelope("x", Ts, "a", "t", ReadOnlyMemory<byte>.Empty);
        await Assert.That(() => EnvelopeCodec.Encode(empty)).Throws<ArgumentException>();
    }
}
