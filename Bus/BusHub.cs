namespace Decnet.Bus;

/// <summary>
/// The broker's in-memory transport for everything inside its process. An in-process publisher hands its
/// <see cref="BusEnvelope"/> object straight to every matching local subscription's bounded queue on its own
/// thread: no encoding, no decoding, no socket. Only when a subscriber outside the process wants the topic
/// (the broker tracks XPUB subscriptions) is the envelope also queued for the broker thread, which batches it
/// onto the CURVE-secured XPUB socket. Envelopes that come in from other processes are delivered here too.
/// </summary>
/// <remarks>
/// Why not NetMQ's <c>inproc://</c>: every message through a NetMQ pipe whose reader sleeps costs a wake-up
/// through the mailbox signaler, three syscalls, and the broker hop doubles that; measured, it capped the
/// in-process bus near 160k messages per second on two cores. In-process delivery is a method call, so the
/// hub is the in-process transport and NetMQ carries only what leaves the process.
/// Publishing never blocks: a full subscription queue drops and counts (per subscription), and a full
/// hand-off to the broker thread drops and counts (<see cref="ExternalDropped"/>).
/// </remarks>
internal sealed class BusHub
{
    private readonly object _gate = new();
    private readonly OutgoingBatches _toExternal;
    private volatile BusSubscription[] _subscriptions = [];
    private volatile string[] _externalPrefixes = [];
    private volatile bool _closed;

    /// <param name="wakeBroker">Wakes the broker thread when envelopes wait for the external side.</param>
    public BusHub(Action wakeBroker) => _toExternal = new OutgoingBatches(BusLimits.OutgoingCapacity, wakeBroker);

    /// <summary>The hand-off to the broker thread, which alone takes from it.</summary>
    public OutgoingBatches ToExternal => _toExternal;

    public bool IsClosed => _closed;

    public int LocalSubscriptions => _subscriptions.Length;

    /// <summary>Envelopes queued for subscribers outside the process.</summary>
    public long ExternalQueued => _toExternal.Accepted;

    /// <summary>Envelopes an outside subscriber wanted but the hand-off to the broker thread was full (or closed).</summary>
    public long ExternalDropped => _toExternal.Dropped;

    public bool HasExternalSubscribers => _externalPrefixes.Length > 0;

    public void Add(BusSubscription subscription)
    {
        lock (_gate) _subscriptions = [.. _subscriptions, subscription];
    }

    public void Remove(BusSubscription subscription)
    {
        lock (_gate)
        {
            var current = _subscriptions;
            if (Array.IndexOf(current, subscription) >= 0) _subscriptions = current.Where(s => s != subscription).ToArray();
        }
    }

    /// <summary>
    /// An in-process publisher's envelope (already validated): delivered to local subscriptions, then queued for
    /// the external side if an outside subscriber's prefix matches. False when the hub is closed or the external
    /// hand-off was full; local subscriptions have had it in the latter case.
    /// </summary>
    public bool Publish(BusEnvelope envelope)
    {
        if (_closed) return false;
        DeliverLocal(envelope);
        return !WantedOutside(envelope.Topic) || _toExternal.TryAdd(envelope);
    }

    /// <summary>Offers an envelope to every matching local subscription (never blocks).</summary>
    public void DeliverLocal(BusEnvelope envelope)
    {
        foreach (var subscription in _subscriptions)
            if (subscription.Pattern.Matches(envelope.Topic)) subscription.Deliver(envelope);
    }

    /// <summary>Whether any local subscription wants this topic (lets the broker skip decoding what nobody here reads).</summary>
    public bool HasLocalMatch(ReadOnlySpan<byte> topicUtf8)
    {
        foreach (var subscription in _subscriptions)
            if (subscription.Pattern.MatchesUtf8(topicUtf8)) return true;
        return false;
    }

    private bool WantedOutside(string topic)
    {
        foreach (var prefix in _externalPrefixes)
            if (topic.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The distinct prefixes outside subscribers hold on the XPUB socket; set by the broker thread.</summary>
    public void SetExternalPrefixes(string[] prefixes) => _externalPrefixes = prefixes;

    /// <summary>Publishing drops from now on; subscriptions stay open until their clients close them.</summary>
    public void Close()
    {
        _closed = true;
        _toExternal.Close();
    }
}
