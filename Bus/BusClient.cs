using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// A connection to the <see cref="BusBroker"/>: a PUSH socket for publishing and a SUB socket read by one
/// poller thread that feeds the subscriptions' bounded queues. Wire format: two frames, [topic, envelope JSON];
/// the transport filters on the pattern's literal prefix and <see cref="TopicPattern"/> does the exact match.
/// </summary>
/// <remarks>
/// NetMQ sockets are not thread-safe. Publish serialises on a lock around the PUSH socket (uncontended it
/// costs tens of nanoseconds, cheaper than marshalling each message to another thread); the SUB socket is
/// only touched on the poller thread, and subscription changes are queued to it as poller tasks.
/// </remarks>
public sealed class BusClient : IBus
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };
    private const int MaxCachedTopics = 4096;

    private readonly object _sendLock = new();
    private readonly PushSocket _push;
    private readonly SubscriberSocket _sub;
    private readonly NetMQPoller _poller;
    private readonly TimeProvider _time;
    private readonly EnvelopeIdGenerator _ids;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Dictionary<string, byte[]> _topicBytes = new(StringComparer.Ordinal);

    // Poller-thread state.
    private readonly Dictionary<string, int> _prefixRefs = new(StringComparer.Ordinal);
    private volatile BusSubscription[] _subscriptions = [];

    private long _published;
    private long _dropped;
    private long _received;
    private long _malformed;
    private bool _closed;
    private int _disposed;

    private BusClient(PushSocket push, SubscriberSocket sub, TimeProvider? time, Random? random)
    {
        _push = push;
        _sub = sub;
        _time = time ?? TimeProvider.System;
        _ids = new EnvelopeIdGenerator(_time, random);
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        _sub.ReceiveReady += OnReceiveReady;
        _poller = new NetMQPoller { _sub };
        _poller.RunAsync("decnet-bus-client", isBackgroundThread: true);
    }

    /// <summary>Connects to the broker inside the same process (no handshake; inproc never leaves the process).</summary>
    /// <exception cref="BusUnavailableException">No broker has bound these endpoints in this process.</exception>
    public static BusClient ConnectInproc(BusEndpoints? endpoints = null, TimeProvider? time = null, Random? random = null)
        => Connect(endpoints ?? BusEndpoints.Inproc(), null, time, random);

    /// <summary>Connects to the broker's CURVE-secured TCP endpoints from another process.</summary>
    public static BusClient ConnectExternal(BusEndpoints endpoints, BusCredentials credentials, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(credentials);
        return Connect(endpoints, credentials, time, random);
    }

    private static BusClient Connect(BusEndpoints endpoints, BusCredentials? credentials, TimeProvider? time, Random? random)
    {
        var push = new PushSocket();
        var sub = new SubscriberSocket();
        try
        {
            push.Options.Linger = TimeSpan.Zero;
            push.Options.SendHighWatermark = BusLimits.HighWatermark;
            sub.Options.Linger = TimeSpan.Zero;
            sub.Options.ReceiveHighWatermark = BusLimits.HighWatermark;
            if (credentials is not null)
            {
                CurveSecurity.MakeClient(push, credentials);
                CurveSecurity.MakeClient(sub, credentials);
            }
            push.Connect(endpoints.Publish);
            sub.Connect(endpoints.Subscribe);
            return new BusClient(push, sub, time, random);
        }
        catch (EndpointNotFoundException e)
        {
            // NetMQ's inproc cannot connect before the bind: the broker must be started first.
            push.Dispose();
            sub.Dispose();
            throw new BusUnavailableException($"no bus broker in this process at {endpoints.Publish} (start BusBroker before connecting in-process clients)", e);
        }
        catch
        {
            push.Dispose();
            sub.Dispose();
            throw;
        }
    }

    public long Published => Interlocked.Read(ref _published);
    public long PublishDropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages taken off the transport by the receive thread (matched or not).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages that arrived malformed (wrong frame count, undecodable envelope, topic mismatch) and were skipped.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public void Publish(string topic, string type, ReadOnlyMemory<byte> payloadJson) => TryPublish(topic, type, payloadJson);

    /// <summary>As <see cref="Publish"/>, returning false when the message was dropped (queue full or client closed).</summary>
    public bool TryPublish(string topic, string type, ReadOnlyMemory<byte> payloadJson)
    {
        Topics.RequireValid(topic, nameof(topic));
        Span<byte> id = stackalloc byte[EnvelopeId.Length];
        lock (_sendLock)
        {
            if (_closed) return Dropped();
            var now = _time.GetUtcNow();
            _ids.NextUtf8(now, id);
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            EnvelopeCodec.Write(_writer, id, now, topic, type, payloadJson.Span);
            return SendFrames(topic, _buffer.WrittenSpan);
        }
    }

    public void PublishEnvelope(BusEnvelope envelope) => TryPublishEnvelope(envelope);

    public bool TryPublishEnvelope(BusEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        Topics.RequireValid(envelope.Topic, nameof(envelope));
        lock (_sendLock)
        {
            if (_closed) return Dropped();
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            EnvelopeCodec.Write(_writer, envelope);
            return SendFrames(envelope.Topic, _buffer.WrittenSpan);
        }
    }

    /// <summary>Sends an already encoded envelope as is (benchmarks and relays that hold wire bytes); the caller vouches for it.</summary>
    public bool TryPublishEncoded(string topic, ReadOnlySpan<byte> envelopeJson)
    {
        Topics.RequireValid(topic, nameof(topic));
        lock (_sendLock)
        {
            return _closed ? Dropped() : SendFrames(topic, envelopeJson);
        }
    }

    // Caller holds _sendLock.
    private bool SendFrames(string topic, ReadOnlySpan<byte> envelope)
    {
        var topicBytes = TopicBytes(topic);
        var msg = new Msg();
        // The topic frame shares a cached array: NetMQ only reads frame data it is given.
        msg.InitGC(topicBytes, topicBytes.Length);
        if (!_push.TrySend(ref msg, TimeSpan.Zero, more: true))
        {
            msg.Close();
            return Dropped();
        }
        msg.InitPool(envelope.Length);
        envelope.CopyTo(msg.Slice());
        // Once the first frame is accepted the rest of the message is too (the queue limit counts whole messages).
        if (!_push.TrySend(ref msg, TimeSpan.Zero, more: false))
        {
            msg.Close();
            return Dropped();
        }
        _published++;
        return true;
    }

    private bool Dropped()
    {
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private byte[] TopicBytes(string topic)
    {
        if (_topicBytes.TryGetValue(topic, out var bytes)) return bytes;
        if (_topicBytes.Count >= MaxCachedTopics) _topicBytes.Clear(); // per-decky/per-worker topics are few; bound it anyway
        bytes = Encoding.UTF8.GetBytes(topic);
        _topicBytes[topic] = bytes;
        return bytes;
    }

    public BusSubscription Subscribe(string pattern, int capacity = BusLimits.DefaultSubscriptionCapacity)
        => Subscribe(pattern, capacity, BoundedChannelFullMode.DropWrite);

    /// <param name="fullMode">DropWrite keeps what is queued and drops the newcomer; DropOldest/DropNewest evict from the queue. All drops are counted.</param>
    public BusSubscription Subscribe(string pattern, int capacity, BoundedChannelFullMode fullMode)
    {
        if (!TopicPattern.TryParse(pattern, out var parsed, out var error))
            throw new ArgumentException($"invalid subscription pattern: {error}", nameof(pattern));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var subscription = new BusSubscription(parsed, capacity, fullMode, Unsubscribe);
        RunOnPoller(() =>
        {
            _subscriptions = [.. _subscriptions, subscription];
            var prefix = parsed.SubscriptionPrefix;
            _prefixRefs.TryGetValue(prefix, out var refs);
            _prefixRefs[prefix] = refs + 1;
            if (refs == 0) _sub.Subscribe(prefix);
        }, wait: true);
        return subscription;
    }

    private void Unsubscribe(BusSubscription subscription)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        RunOnPoller(() =>
        {
            var current = _subscriptions;
            if (Array.IndexOf(current, subscription) < 0) return;
            _subscriptions = current.Where(s => s != subscription).ToArray();
            var prefix = subscription.Pattern.SubscriptionPrefix;
            var refs = _prefixRefs[prefix] - 1;
            if (refs == 0)
            {
                _prefixRefs.Remove(prefix);
                _sub.Unsubscribe(prefix);
            }
            else _prefixRefs[prefix] = refs;
        }, wait: false);
    }

    private void RunOnPoller(Action action, bool wait)
    {
        if (_poller.CanExecuteTaskInline)
        {
            action();
            return;
        }
        var task = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _poller);
        if (wait && !task.Wait(TimeSpan.FromSeconds(5)))
            throw new TimeoutException("the bus client's receive thread did not take the subscription within 5 s");
    }

    private void OnReceiveReady(object? sender, NetMQSocketEventArgs e)
    {
        var topic = new Msg();
        var body = new Msg();
        topic.InitEmpty();
        body.InitEmpty();
        try
        {
            for (var n = 0; n < BusLimits.DrainBatch && _sub.TryReceive(ref topic, TimeSpan.Zero); n++)
            {
                _received++;
                if (!topic.HasMore || !_sub.TryReceive(ref body, TimeSpan.Zero))
                {
                    _malformed++;
                    continue;
                }
                if (body.HasMore)
                {
                    _malformed++;
                    while (body.HasMore && _sub.TryReceive(ref body, TimeSpan.Zero)) { }
                    continue;
                }
                Dispatch(ref topic, ref body);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never let one bad message kill the receive thread.
            _malformed++;
        }
        finally
        {
            topic.Close();
            body.Close();
        }
    }

    private void Dispatch(ref Msg topic, ref Msg body)
    {
        var subscriptions = _subscriptions;
        var topicBytes = topic.Slice();
        BusEnvelope? envelope = null;
        foreach (var subscription in subscriptions)
        {
            if (!subscription.Pattern.MatchesUtf8(topicBytes)) continue;
            if (envelope is null)
            {
                envelope = Decode(ref body, topicBytes);
                if (envelope is null) return;
            }
            subscription.Deliver(envelope);
        }
    }

    private BusEnvelope? Decode(ref Msg body, ReadOnlySpan<byte> topicBytes)
    {
        // The envelope outlives the frame, so its bytes are copied once and the payload is a slice of that copy.
        var bytes = new byte[body.Size];
        body.CopyTo(bytes);
        try
        {
            var envelope = EnvelopeCodec.Decode(bytes);
            if (!TopicEquals(envelope.Topic, topicBytes)) { _malformed++; return null; }
            return envelope;
        }
        catch (EnvelopeFormatException)
        {
            _malformed++;
            return null;
        }
    }

    private static bool TopicEquals(string topic, ReadOnlySpan<byte> utf8)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(topic.Length) > buffer.Length)
            return Encoding.UTF8.GetBytes(topic).AsSpan().SequenceEqual(utf8);
        var written = Encoding.UTF8.GetBytes(topic, buffer);
        return buffer[..written].SequenceEqual(utf8);
    }

    /// <summary>Stops the receive thread and closes the sockets (well within a second); subscriptions complete.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (_sendLock) _closed = true;
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        _push.Dispose();
        _sub.Dispose();
        _writer.Dispose();
        foreach (var subscription in _subscriptions) subscription.Complete();
    }
}
