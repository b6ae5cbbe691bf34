using System.Threading.Channels;

namespace Decnet.Bus;

/// <summary>
/// A subscriber's bounded queue. When the consumer falls behind, messages are dropped according to the
/// chosen mode and counted in <see cref="Overflow"/>; disposing ends the subscription and completes <see cref="Reader"/>.
/// </summary>
public sealed class BusSubscription : IDisposable
{
    private readonly Channel<BusEnvelope> _channel;
    private readonly Action<BusSubscription>? _onDispose;
    private long _overflow;
    private long _delivered;
    private int _disposed;

    internal BusSubscription(TopicPattern pattern, int capacity, BoundedChannelFullMode fullMode, Action<BusSubscription>? onDispose)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "subscription capacity must be at least 1");
        if (fullMode == BoundedChannelFullMode.Wait)
            throw new ArgumentException("a bus subscription never blocks the bus: use DropWrite, DropNewest or DropOldest", nameof(fullMode));
        Pattern = pattern;
        Capacity = capacity;
        _onDispose = onDispose;
        _channel = Channel.CreateBounded<BusEnvelope>(
            // Several writers: in-process publishers deliver from their own threads, the broker from its thread.
            new BoundedChannelOptions(capacity) { FullMode = fullMode, SingleWriter = false, SingleReader = false },
            _ => Interlocked.Increment(ref _overflow));
    }

    public TopicPattern Pattern { get; }

    public int Capacity { get; }

    public ChannelReader<BusEnvelope> Reader => _channel.Reader;

    /// <summary>Messages that matched but were dropped because the queue was full.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Messages that matched and were offered to the queue (including those then dropped).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Called by the transport: a client's receive thread, or any in-process publisher through the hub.</summary>
    internal void Deliver(BusEnvelope envelope)
    {
        Interlocked.Increment(ref _delivered);
        _channel.Writer.TryWrite(envelope);
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _onDispose?.Invoke(this);
        Complete();
    }
}
