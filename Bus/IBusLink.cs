namespace Decnet.Bus;

/// <summary>How a <see cref="BusClient"/> reaches the bus: the broker's in-process hub, or NetMQ sockets.</summary>
internal interface IBusLink : IDisposable
{
    /// <summary>True for the in-process hub, which hands the envelope object itself to subscribers.</summary>
    bool IsLocal { get; }

    /// <summary>Sends an envelope; false when it was dropped (queue full or link closed). Throws <see cref="ArgumentException"/> for an invalid one.</summary>
    bool Send(BusEnvelope envelope);

    /// <summary>Sends already encoded envelope JSON for <paramref name="topic"/>.</summary>
    bool SendEncoded(string topic, ReadOnlySpan<byte> envelopeJson);

    void Attach(BusSubscription subscription);

    void Detach(BusSubscription subscription);

    /// <summary>The subscriptions attached now (completed by the client when it closes).</summary>
    IReadOnlyList<BusSubscription> Subscriptions { get; }

    long Received { get; }

    long Malformed { get; }

    /// <summary>NetMQ messages ([topic, batch]) sent; the hub sends none.</summary>
    long SentBatches { get; }

    /// <summary>Messages accepted at publish but given up on later (closing with a full pipe).</summary>
    long Lost { get; }
}
