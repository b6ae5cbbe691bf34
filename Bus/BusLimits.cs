namespace Decnet.Bus;

/// <summary>Queue bounds of the bus transport.</summary>
internal static class BusLimits
{
    /// <summary>Messages waiting in a publisher's outgoing queue (or the hub's hand-off to the broker thread); past it, publishing drops and counts.</summary>
    public const int OutgoingCapacity = 50_000;

    /// <summary>
    /// Publisher → broker pipes (PUSH/PULL), in [topic, batch] messages. When full, the publisher's sender thread
    /// waits and its outgoing queue fills, which is observable and counted, so the pipe can be short.
    /// </summary>
    public const int BatchHighWatermark = 1024;

    /// <summary>
    /// Broker → subscriber pipes (XPUB/SUB). XPUB drops silently when a subscriber's pipe is full, so these are
    /// deep enough to absorb bursts (measured: 1024 lost ~8% at full speed, 4096 and up lost nothing) and bursts
    /// of one-envelope batches (interleaved topics). A batch holds up to ~64 KiB, so a subscriber stalled under
    /// full load can hold up to 512 MiB of incompressible traffic in the broker (realistic JSON: ~8x less).
    /// </summary>
    public const int FanOutHighWatermark = 8192;

    /// <summary>How many batches a poller handler takes before letting the other sockets have a turn.</summary>
    public const int DrainBatches = 64;

    /// <summary>How many subscription notices the broker reads from XPUB per turn.</summary>
    public const int DrainNotices = 2048;

    public const int DefaultSubscriptionCapacity = 4096;
}
