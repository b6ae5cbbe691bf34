namespace Decnet.Bus;

/// <summary>A client of the broker's in-process <see cref="BusHub"/>: publishing is a call, subscriptions live in the hub.</summary>
internal sealed class HubLink(BusHub hub) : IBusLink
{
    private readonly object _gate = new();
    private readonly List<BusSubscription> _subscriptions = [];
    private long _detachedDelivered;
    private bool _closed;

    public bool IsLocal => true;

    public bool Send(BusEnvelope envelope)
    {
        EnvelopeCodec.RequireValid(envelope);
        // Subscribers over NetMQ get UTC timestamps from the decoder; give local ones the same.
        if (envelope.Ts.Offset != TimeSpan.Zero) envelope = envelope with { Ts = envelope.Ts.ToUniversalTime() };
        return hub.Publish(envelope);
    }

    public bool SendEncoded(string topic, ReadOnlySpan<byte> envelopeJson)
    {
        BusEnvelope envelope;
        try
        {
            envelope = EnvelopeCodec.Decode(envelopeJson.ToArray());
        }
        catch (EnvelopeFormatException e)
        {
            throw new ArgumentException($"encoded envelope: {e.Message}", nameof(envelopeJson), e);
        }
        if (envelope.Topic != topic) throw new ArgumentException($"encoded envelope's topic '{envelope.Topic}' is not '{topic}'", nameof(topic));
        return hub.Publish(envelope);
    }

    public void Attach(BusSubscription subscription)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _subscriptions.Add(subscription);
        }
        hub.Add(subscription);
    }

    public void Detach(BusSubscription subscription)
    {
        hub.Remove(subscription);
        lock (_gate)
        {
            if (_subscriptions.Remove(subscription)) _detachedDelivered += subscription.Delivered;
        }
    }

    public IReadOnlyList<BusSubscription> Subscriptions
    {
        get { lock (_gate) return _subscriptions.ToArray(); }
    }

    /// <summary>For a hub client: messages offered to its subscriptions (nothing else reaches it).</summary>
    public long Received
    {
        get { lock (_gate) return _detachedDelivered + _subscriptions.Sum(s => s.Delivered); }
    }

    /// <summary>The hub hands over objects, never bytes, so nothing arrives malformed.</summary>
    public long Malformed => 0;

    public long SentBatches => 0;

    public long Lost => 0;

    public void Dispose()
    {
        BusSubscription[] mine;
        lock (_gate)
        {
            _closed = true;
            mine = [.. _subscriptions];
        }
        foreach (var subscription in mine) hub.Remove(subscription);
    }
}
