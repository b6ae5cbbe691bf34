using System.Threading.Channels;
using NetMQ;

namespace Decnet.Bus;

/// <summary>
/// A connection to the <see cref="BusBroker"/>. Inside the broker's process it is a client of the broker's
/// in-memory hub (<see cref="BusBroker.ConnectLocal"/>); from another process it speaks NetMQ to the
/// CURVE-secured endpoints, in batched [topic, batch] messages (see <see cref="EnvelopeBatch"/>).
/// Either way the publisher mints the envelope id, and it is kept end to end.
/// </summary>
public sealed class BusClient : IBus
{
    private readonly object _sendLock = new();
    private readonly IBusLink _link;
    private readonly TimeProvider _time;
    private readonly EnvelopeIdGenerator _ids;
    private string? _lastValidTopic;
    private long _published;
    private long _dropped;
    private bool _closed;
    private int _disposed;

    private BusClient(IBusLink link, TimeProvider? time, Random? random)
    {
        _link = link;
        _time = time ?? TimeProvider.System;
        _ids = new EnvelopeIdGenerator(_time, random);
    }

    internal static BusClient OverHub(BusHub hub, TimeProvider? time, Random? random) => new(new HubLink(hub), time, random);

    /// <summary>
    /// Connects inside the same process: to the hub of the live broker whose in-process endpoints these are,
    /// or, when no such broker runs here, to whatever bound those NetMQ inproc endpoints.
    /// </summary>
    /// <exception cref="BusUnavailableException">No broker has bound these endpoints in this process.</exception>
    public static BusClient ConnectInproc(BusEndpoints? endpoints = null, TimeProvider? time = null, Random? random = null)
    {
        endpoints ??= BusEndpoints.Inproc();
        if (BusBroker.TryFindLive(endpoints, out var broker))
        {
            try
            {
                return broker.ConnectLocal(time, random);
            }
            catch (ObjectDisposedException)
            {
                // stopped between the look-up and the connect: report it as absent below
            }
        }
        try
        {
            return new BusClient(NetMqLink.Connect(endpoints, null), time, random);
        }
        catch (EndpointNotFoundException e)
        {
            // NetMQ's inproc cannot connect before the bind: the broker must be started first.
            throw new BusUnavailableException($"no bus broker in this process at {endpoints.Publish} (start BusBroker before connecting in-process clients)", e);
        }
    }

    /// <summary>Connects to the broker's CURVE-secured TCP endpoints from another process.</summary>
    public static BusClient ConnectExternal(BusEndpoints endpoints, BusCredentials credentials, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(credentials);
        return new BusClient(NetMqLink.Connect(endpoints, credentials), time, random);
    }

    /// <summary>True when this client talks to the broker's in-process hub rather than over NetMQ.</summary>
    public bool IsLocal => _link.IsLocal;

    /// <summary>Messages accepted for sending (into the hub, or into the outgoing queue).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Dropped at publish (queue full, closed), plus any accepted message given up on when closing with a full pipe.</summary>
    public long PublishDropped => Interlocked.Read(ref _dropped) + _link.Lost;

    /// <summary>Over NetMQ: envelopes taken off the transport (matched or not). Through the hub: envelopes offered to this client's subscriptions.</summary>
    public long Received => _link.Received;

    /// <summary>Envelopes that arrived malformed (bad frames, undecodable, topic mismatch) and were skipped; the rest of their batch still counts.</summary>
    public long Malformed => _link.Malformed;

    /// <summary>Over NetMQ: [topic, batch] messages sent (<see cref="Published"/> / this = mean batch size). Zero through the hub.</summary>
    public long SentBatches => _link.SentBatches;

    public void Publish(string topic, string type, ReadOnlyMemory<byte> payloadJson) => TryPublish(topic, type, payloadJson);

    /// <summary>
    /// As <see cref="Publish"/>, returning false when the message was dropped: outgoing queue full, client closed,
    /// or (through the hub) the hand-off to outside subscribers full, in which case local subscribers still had it.
    /// </summary>
    public bool TryPublish(string topic, string type, ReadOnlyMemory<byte> payloadJson)
    {
        RequireValidTopic(topic, nameof(topic));
        lock (_sendLock)
        {
            if (_closed) return Dropped();
            var now = _time.GetUtcNow();
            // Through the hub subscribers get this very object, so it must not share the caller's buffer;
            // over NetMQ the payload is copied into the batch right away.
            var payload = _link.IsLocal ? payloadJson.ToArray() : payloadJson;
            return Counted(_link.Send(new BusEnvelope(_ids.Next(now), now, topic, type, payload)));
        }
    }

    public void PublishEnvelope(BusEnvelope envelope) => TryPublishEnvelope(envelope);

    public bool TryPublishEnvelope(BusEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        RequireValidTopic(envelope.Topic, nameof(envelope));
        lock (_sendLock)
        {
            return _closed ? Dropped() : Counted(_link.Send(envelope));
        }
    }

    /// <summary>Sends an already encoded envelope as is (benchmarks and relays that hold wire bytes); the caller vouches for it.</summary>
    public bool TryPublishEncoded(string topic, ReadOnlySpan<byte> envelopeJson)
    {
        RequireValidTopic(topic, nameof(topic));
        lock (_sendLock)
        {
            return _closed ? Dropped() : Counted(_link.SendEncoded(topic, envelopeJson));
        }
    }

    /// <summary>Publishers use a handful of topics, mostly the same string instances: one that passed is not checked again.</summary>
    private void RequireValidTopic(string topic, string argumentName)
    {
        if (topic is not null && ReferenceEquals(topic, Volatile.Read(ref _lastValidTopic))) return;
        Topics.RequireValid(topic!, argumentName);
        Volatile.Write(ref _lastValidTopic, topic);
    }

    private bool Counted(bool sent)
    {
        if (!sent) return Dropped();
        Interlocked.Increment(ref _published);
        return true;
    }

    private bool Dropped()
    {
        Interlocked.Increment(ref _dropped);
        return false;
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
        _link.Attach(subscription);
        return subscription;
    }

    private void Unsubscribe(BusSubscription subscription)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        _link.Detach(subscription);
    }

    /// <summary>Stops the transport (well within a second); subscriptions complete, later publishes drop and count.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (_sendLock) _closed = true;
        var subscriptions = _link.Subscriptions;
        _link.Dispose();
        foreach (var subscription in subscriptions) subscription.Complete();
    }
}
