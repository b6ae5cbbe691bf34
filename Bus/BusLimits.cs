namespace Decnet.Bus;

/// <summary>Queue bounds of the bus transport (messages, not bytes).</summary>
internal static class BusLimits
{
    /// <summary>Per pipe; with envelopes of ~0.5 KB a full pipe holds ~25 MB, which bounds a stalled peer's cost.</summary>
    public const int HighWatermark = 50_000;

    /// <summary>How many messages a poller handler drains before letting the other sockets have a turn.</summary>
    public const int DrainBatch = 2048;

    public const int DefaultSubscriptionCapacity = 4096;
}
