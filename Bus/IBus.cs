using System.Threading.Channels;

namespace Decnet.Bus;

/// <summary>
/// The message bus as workers see it. Delivery is at-most-once: publishing never blocks, and every place a
/// message can be dropped for lack of room counts it.
/// </summary>
public interface IBus : IDisposable
{
    /// <summary>Mints an envelope id and timestamp and sends; when the outgoing queue is full the message is dropped and counted in <see cref="PublishDropped"/>.</summary>
    void Publish(string topic, string type, ReadOnlyMemory<byte> payloadJson);

    /// <summary>Sends an existing envelope unchanged (its id and ts are kept): for forwarding.</summary>
    void PublishEnvelope(BusEnvelope envelope);

    /// <summary>A bounded queue of envelopes whose topic matches the NATS-style <paramref name="pattern"/>.</summary>
    BusSubscription Subscribe(string pattern, int capacity = BusLimits.DefaultSubscriptionCapacity);

    /// <summary>As above, choosing what a full queue drops: DropWrite (the newcomer), DropOldest or DropNewest (from the queue); every drop is counted.</summary>
    BusSubscription Subscribe(string pattern, int capacity, BoundedChannelFullMode fullMode);

    /// <summary>Messages dropped at publish because the outgoing queue was full (or the bus was closed).</summary>
    long PublishDropped { get; }
}
