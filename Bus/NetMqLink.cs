using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// A client of the broker over NetMQ (the CURVE-secured TCP endpoints, or raw inproc endpoints). Publishing
/// encodes into <see cref="OutgoingBatches"/>; one sender thread owns the PUSH socket and sends each batch as
/// [topic, batch]. One poller thread owns the SUB socket, unpacks batches and feeds the subscriptions' queues.
/// </summary>
/// <remarks>
/// The transport filters on the pattern's literal prefix and <see cref="TopicPattern"/> does the exact match.
/// NetMQ sockets are not thread-safe: the PUSH socket is only touched by the sender thread, the SUB socket only
/// by the poller thread, and subscription changes are queued to the poller as tasks.
/// </remarks>
internal sealed class NetMqLink : IBusLink
{
    private static readonly TimeSpan SendRetry = TimeSpan.FromMilliseconds(50);

    private readonly PushSocket _push;
    private readonly SubscriberSocket _sub;
    private readonly NetMQPoller _poller;
    private readonly OutgoingBatches _outgoing;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _sender;
    private readonly BatchFrameEncoder _encoder = new(); // sender thread
    private readonly BatchFrameDecoder _decoder = new(); // poller thread

    // Poller-thread state.
    private readonly Dictionary<string, int> _prefixRefs = new(StringComparer.Ordinal);
    private readonly List<BusSubscription> _matching = [];
    private volatile BusSubscription[] _subscriptions = [];

    private long _received;
    private long _sentBatches;
    private long _malformed;
    private volatile bool _stopping;

    private NetMqLink(PushSocket push, SubscriberSocket sub)
    {
        _push = push;
        _sub = sub;
        _outgoing = new OutgoingBatches(BusLimits.OutgoingCapacity, _wake.Set);
        _sub.ReceiveReady += OnReceiveReady;
        _poller = new NetMQPoller { _sub };
        _poller.RunAsync("decnet-bus-client", isBackgroundThread: true);
        _sender = new Thread(SendLoop) { Name = "decnet-bus-sender", IsBackground = true };
        _sender.Start();
    }

    /// <exception cref="EndpointNotFoundException">An inproc endpoint nobody has bound.</exception>
    public static NetMqLink Connect(BusEndpoints endpoints, BusCredentials? credentials)
    {
        var push = new PushSocket();
        var sub = new SubscriberSocket();
        try
        {
            push.Options.Linger = TimeSpan.Zero;
            push.Options.SendHighWatermark = BusLimits.BatchHighWatermark;
            sub.Options.Linger = TimeSpan.Zero;
            sub.Options.ReceiveHighWatermark = BusLimits.FanOutHighWatermark;
            if (credentials is not null)
            {
                CurveSecurity.MakeClient(push, credentials);
                CurveSecurity.MakeClient(sub, credentials);
            }
            push.Connect(endpoints.Publish);
            sub.Connect(endpoints.Subscribe);
            return new NetMqLink(push, sub);
        }
        catch
        {
            push.Dispose();
            sub.Dispose();
            throw;
        }
    }

    public bool IsLocal => false;

    public long Received => Interlocked.Read(ref _received);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long SentBatches => Interlocked.Read(ref _sentBatches);

    public long Lost => _outgoing.Lost;

    public bool Send(BusEnvelope envelope) => _outgoing.TryAdd(envelope);

    public bool SendEncoded(string topic, ReadOnlySpan<byte> envelopeJson) => _outgoing.TryAddEncoded(topic, envelopeJson);

    private void SendLoop()
    {
        while (true)
        {
            _wake.Wait();
            _wake.Reset();
            DrainOutgoing(); // always after the reset, so a signal raised meanwhile is never lost
            if (_stopping)
            {
                DrainOutgoing();
                return;
            }
        }
    }

    private void DrainOutgoing()
    {
        while (true)
        {
            var batches = _outgoing.TakeAll();
            if (batches.Count == 0) return;
            foreach (var batch in batches) SendBatch(batch);
            _outgoing.Recycle(batches);
        }
    }

    private void SendBatch(OutgoingBatch batch)
    {
        var msg = new Msg();
        // The topic frame shares a cached array: NetMQ only reads frame data it is given.
        msg.InitGC(batch.TopicUtf8, batch.TopicUtf8.Length);
        // A full pipe (slow or absent broker) holds the sender here; publishers meanwhile fill the bounded queue and count drops.
        while (!_push.TrySend(ref msg, SendRetry, more: true))
        {
            if (!_stopping) continue;
            msg.Close();
            _outgoing.CountLost(batch.Count);
            return;
        }
        var frame = _encoder.Encode(batch.Entries, batch.Count);
        msg.InitPool(frame.Length);
        frame.CopyTo(msg.Slice());
        // Once the first frame is accepted the rest of the message is too (the queue limit counts whole messages).
        if (!_push.TrySend(ref msg, TimeSpan.Zero, more: false))
        {
            msg.Close();
            _outgoing.CountLost(batch.Count);
            return;
        }
        Interlocked.Increment(ref _sentBatches);
    }

    public void Attach(BusSubscription subscription)
    {
        RunOnPoller(() =>
        {
            _subscriptions = [.. _subscriptions, subscription];
            var prefix = subscription.Pattern.SubscriptionPrefix;
            _prefixRefs.TryGetValue(prefix, out var refs);
            _prefixRefs[prefix] = refs + 1;
            if (refs == 0) _sub.Subscribe(prefix);
        }, wait: true);
    }

    public void Detach(BusSubscription subscription)
    {
        if (_stopping) return;
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

    public IReadOnlyList<BusSubscription> Subscriptions => _subscriptions;

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
            for (var n = 0; n < BusLimits.DrainBatches && _sub.TryReceive(ref topic, TimeSpan.Zero); n++)
            {
                if (!topic.HasMore || !_sub.TryReceive(ref body, TimeSpan.Zero))
                {
                    _received++;
                    _malformed++;
                    continue;
                }
                if (body.HasMore)
                {
                    _received++;
                    _malformed++;
                    while (body.HasMore && _sub.TryReceive(ref body, TimeSpan.Zero)) { }
                    continue;
                }
                Dispatch(topic.Slice(), body.Slice());
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

    private void Dispatch(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame)
    {
        _matching.Clear();
        foreach (var subscription in _subscriptions)
            if (subscription.Pattern.MatchesUtf8(topic)) _matching.Add(subscription);
        if (_matching.Count == 0)
        {
            // the prefix filter let it through, the exact match did not: count it without opening it
            _received += EnvelopeBatch.TryReadHeader(frame, out _, out var count, out _) ? count : 1;
            return;
        }
        if (!_decoder.TryOpen(frame, out var entries))
        {
            _received++;
            _malformed++;
            return;
        }
        var reader = EnvelopeBatch.ReadEntries(entries);
        while (reader.TryNext(out var entry))
        {
            _received++;
            if (!EnvelopeBatch.TryDecodeEntry(entry, topic, out var envelope))
            {
                _malformed++;
                continue;
            }
            foreach (var subscription in _matching) subscription.Deliver(envelope);
        }
        if (reader.Truncated) _malformed++;
    }

    /// <summary>Sends what is queued (briefly), stops both threads and closes the sockets, well within a second.</summary>
    public void Dispose()
    {
        _stopping = true;
        _outgoing.Close();
        _wake.Set();
        var senderDone = _sender.Join(TimeSpan.FromSeconds(1));
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        _push.Dispose();
        _sub.Dispose();
        if (senderDone) _wake.Dispose();
    }
}
