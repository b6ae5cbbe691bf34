using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Decnet.Bus;

/// <summary>
/// The bounded queue between publishers and the one thread that owns an outgoing NetMQ socket. Publishers
/// encode their envelope straight into the open batch (consecutive envelopes of one topic share a batch, up
/// to <see cref="EnvelopeBatch.TargetBytes"/>); the sender takes every pending batch at once. Adding never
/// blocks: past <c>capacity</c> pending messages the newcomer is dropped and counted.
/// </summary>
/// <remarks>
/// No timer holds a lone message back: the first message after the queue went empty signals the sender at
/// once, so under low load a batch holds one message and under load batches fill while the sender is busy.
/// The signal fires once per empty-to-busy transition, not per message.
/// </remarks>
internal sealed class OutgoingBatches
{
    private const int MaxCachedTopics = 4096;
    private const int MaxSpareBatches = 64;
    private const int InitialBatchBytes = 4096;

    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly Action _signal;
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Dictionary<string, byte[]> _topicBytes = new(StringComparer.Ordinal);
    private readonly Stack<OutgoingBatch> _spare = new();
    private List<OutgoingBatch> _pending = [];
    private List<OutgoingBatch> _taken = [];
    private int _pendingMessages;
    private bool _signalled;
    private bool _closed;
    private long _accepted;
    private long _dropped;
    private long _lost;

    /// <param name="capacity">Most messages waiting for the sender.</param>
    /// <param name="signal">Wakes the sender; called outside the lock, once per empty-to-busy transition.</param>
    public OutgoingBatches(int capacity, Action signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _signal = signal;
        _writer = new Utf8JsonWriter(_scratch, new JsonWriterOptions { Indented = false });
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Messages refused because the queue was full or closed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Encodes and queues <paramref name="envelope"/>; throws <see cref="ArgumentException"/> for an unencodable one.</summary>
    public bool TryAdd(BusEnvelope envelope)
    {
        bool signal;
        lock (_gate)
        {
            if (!HasRoom()) return false;
            _scratch.ResetWrittenCount();
            _writer.Reset(_scratch);
            EnvelopeCodec.Write(_writer, envelope);
            signal = AppendLocked(envelope.Topic, _scratch.WrittenSpan);
        }
        if (signal) _signal();
        return true;
    }

    /// <summary>Queues an envelope that is already encoded.</summary>
    public bool TryAddEncoded(string topic, ReadOnlySpan<byte> envelopeJson)
    {
        bool signal;
        lock (_gate)
        {
            if (!HasRoom()) return false;
            signal = AppendLocked(topic, envelopeJson);
        }
        if (signal) _signal();
        return true;
    }

    private bool HasRoom()
    {
        if (!_closed && _pendingMessages < _capacity) return true;
        _dropped++;
        return false;
    }

    private bool AppendLocked(string topic, ReadOnlySpan<byte> json)
    {
        var size = EnvelopeBatch.EntrySize(json.Length);
        var open = _pending.Count > 0 ? _pending[^1] : null;
        if (open is null || !string.Equals(open.Topic, topic, StringComparison.Ordinal) || open.Length + size > EnvelopeBatch.TargetBytes)
        {
            open = Rent(topic, size);
            _pending.Add(open);
        }
        open.Append(json, size);
        _pendingMessages++;
        _accepted++;
        if (_signalled) return false;
        _signalled = true;
        return true;
    }

    private OutgoingBatch Rent(string topic, int size)
    {
        var batch = _spare.Count > 0 ? _spare.Pop() : new OutgoingBatch(Math.Max(InitialBatchBytes, size));
        batch.Start(topic, TopicBytes(topic));
        return batch;
    }

    private byte[] TopicBytes(string topic)
    {
        if (_topicBytes.TryGetValue(topic, out var bytes)) return bytes;
        if (_topicBytes.Count >= MaxCachedTopics) _topicBytes.Clear(); // per-decky/per-worker topics are few; bound it anyway
        bytes = Encoding.UTF8.GetBytes(topic);
        _topicBytes[topic] = bytes;
        return bytes;
    }

    /// <summary>
    /// Takes every pending batch, oldest first. An empty result re-arms the signal, so the sender must wait
    /// for it only after an empty take. Hand the list back with <see cref="Recycle"/> before the next take.
    /// </summary>
    public List<OutgoingBatch> TakeAll()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _signalled = false;
                return _taken;
            }
            (_pending, _taken) = (_taken, _pending);
            _pendingMessages = 0;
            return _taken;
        }
    }

    /// <summary>Returns the batches of the last take for reuse.</summary>
    public void Recycle(List<OutgoingBatch> taken)
    {
        lock (_gate)
        {
            foreach (var batch in taken)
                if (_spare.Count < MaxSpareBatches && batch.Capacity <= 2 * EnvelopeBatch.TargetBytes) _spare.Push(batch);
            taken.Clear();
        }
    }

    /// <summary>Accepted messages the sender had to give up on (socket closing while its pipe was full).</summary>
    public long Lost => Interlocked.Read(ref _lost);

    public void CountLost(int messages) => Interlocked.Add(ref _lost, messages);

    /// <summary>From now on every add is dropped and counted; what is pending can still be taken.</summary>
    public void Close()
    {
        lock (_gate) _closed = true;
    }
}

/// <summary>The entries of one [topic, batch] message being filled; owned by <see cref="OutgoingBatches"/>.</summary>
internal sealed class OutgoingBatch(int capacity)
{
    private byte[] _buffer = new byte[capacity];

    public string Topic { get; private set; } = "";
    public byte[] TopicUtf8 { get; private set; } = [];
    public int Length { get; private set; }
    public int Count { get; private set; }
    public int Capacity => _buffer.Length;
    public ReadOnlySpan<byte> Entries => _buffer.AsSpan(0, Length);

    public void Start(string topic, byte[] topicUtf8)
    {
        Topic = topic;
        TopicUtf8 = topicUtf8;
        Length = 0;
        Count = 0;
    }

    public void Append(ReadOnlySpan<byte> json, int size)
    {
        if (Length + size > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + size));
        Length = EnvelopeBatch.AppendEntry(_buffer, Length, json);
        Count++;
    }
}
