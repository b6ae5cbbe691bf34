using System.Threading.Channels;

namespace Decnet.Engine.Ingest;

/// <summary>
/// Bounded hand-off between the listener (producer) and the profiler (consumer). Never blocks the network
/// receive path: when full, the event is dropped and counted.
/// </summary>
public sealed class EventQueue(int capacity)
{
    private readonly Channel<DecnetEvent> _channel = Channel.CreateBounded<DecnetEvent>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private long _dropped;
    private long _enqueued;

    /// <summary>Called after an enqueue so the consumer can wake early.</summary>
    public Action? OnEnqueue { get; set; }

    public long Dropped => Interlocked.Read(ref _dropped);
    public long Enqueued => Interlocked.Read(ref _enqueued);
    public int Count => _channel.Reader.Count;

    public bool TryEnqueue(DecnetEvent ev)
    {
        if (!_channel.Writer.TryWrite(ev))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        Interlocked.Increment(ref _enqueued);
        OnEnqueue?.Invoke();
        return true;
    }

    /// <summary>Takes up to <paramref name="max"/> queued events without waiting.</summary>
    public List<DecnetEvent> Drain(int max)
    {
        var batch = new List<DecnetEvent>(Math.Min(max, Math.Max(1, _channel.Reader.Count)));
        while (batch.Count < max && _channel.Reader.TryRead(out var ev)) batch.Add(ev);
        return batch;
    }
}
