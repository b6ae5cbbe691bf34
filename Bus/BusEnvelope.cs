namespace Decnet.Bus;

/// <summary>
/// One bus message: <c>{v:1, id, ts, topic, type, payload}</c>. <see cref="Id"/> is minted by the publisher
/// and kept end to end (webhooks use it as the idempotency key); <see cref="Payload"/> is the raw UTF-8 JSON value.
/// </summary>
public sealed record BusEnvelope(string Id, DateTimeOffset Ts, string Topic, string Type, ReadOnlyMemory<byte> Payload)
{
    public const int CurrentVersion = 1;

    public int V => CurrentVersion;
}
