using Decnet.Engine.Webhooks;
using Decnet.Storage.Codecs;
using Microsoft.Extensions.Logging;

namespace Decnet.Storage;

/// <summary>
/// The durable outbox of webhook deliveries: every delivery's current state in memory, every change appended to
/// <see cref="FileName"/> in the data dir (an <see cref="OutboxJournal"/>). New deliveries are fsynced before they
/// are handed out for a first attempt; outcomes are written at once (a killed process loses none) and fsynced at
/// least every <see cref="OutcomeSyncInterval"/>, so after a power loss a delivery may be sent again, always with
/// the same webhook-id. LiteDB cost two index-maintaining writes per delivery (~80 µs each under AOT), capping the
/// throughput below 3,000 deliveries/s; the journal costs a few microseconds per record. The file is rewritten
/// (compacted) when it grows well past the live records. Thread-safe.
/// </summary>
public sealed class WebhookOutbox : IDisposable
{
    public const string FileName = "webhook-outbox.journal";
    public static readonly TimeSpan OutcomeSyncInterval = TimeSpan.FromSeconds(1);
    /// <summary>Delivered records kept for `webhook deliveries` beyond the age limit's reach (the oldest go first).</summary>
    public const int MaxDeliveredKept = 100_000;
    private const long CompactAbove = 16L * 1024 * 1024;

    private readonly Lock _sync = new();
    private readonly OutboxJournal _journal;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<DueKey>> _due = new(StringComparer.Ordinal);
    private readonly OutboxBatch _batch = new();
    private long _liveBytes;
    private long _lastSync;
    private bool _unsynced;

    private readonly record struct Entry(WebhookDelivery Delivery, int Bytes);

    private readonly record struct DueKey(long Ticks, string Id) : IComparable<DueKey>
    {
        public int CompareTo(DueKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : string.CompareOrdinal(Id, other.Id);
    }

    private WebhookOutbox(string path, TimeProvider time, ILogger? log)
    {
        _time = time;
        _journal = OutboxJournal.Open(path, Replay, out var dropped);
        if (dropped > 0)
            log?.LogWarning("{Path}: cut off {Bytes} bytes of a torn or corrupt tail (a write interrupted by a crash, never acknowledged)", path, dropped);
        _lastSync = time.GetTimestamp();
        if (_journal.Length > 1024 * 1024 && _journal.Length > 2 * _liveBytes) Compact();
    }

    public static WebhookOutbox Open(string dataDir, TimeProvider time, ILogger? log = null)
    {
        var path = Path.Combine(dataDir, FileName);
        var created = !File.Exists(path);
        var outbox = new WebhookOutbox(path, time, log);
        // Bodies and subscription ids: readable only by the service user, like the database.
        if (created && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return outbox;
    }

    private void Replay(ReadOnlyMemory<byte> payload)
    {
        // The journal hands out slices of the one buffer it read: read them in place, not copied record by record.
        var segment = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var a) ? a : new ArraySegment<byte>(payload.ToArray());
        using var reader = new BinaryReader(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), WebhookDeliveryRecord.Utf8);
        var (delivery, id) = WebhookDeliveryRecord.Read(reader);
        if (delivery is null) Forget(id);
        else Remember(delivery, payload.Length + 8);
    }

    public int Count
    {
        get { lock (_sync) return _byId.Count; }
    }

    /// <summary>Stores new deliveries durably, skipping any whose id is already stored; returns those stored.</summary>
    public IReadOnlyList<WebhookDelivery> Add(IReadOnlyList<WebhookDelivery> deliveries)
    {
        lock (_sync)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var added = deliveries.Where(d => seen.Add(d.Id) && !_byId.ContainsKey(d.Id)).ToArray();
            Store(added, durable: true);
            return added;
        }
    }

    /// <summary>
    /// Writes the new state of existing deliveries (unknown ids are skipped: removed meanwhile). With
    /// <paramref name="durable"/> false (attempt outcomes) the fsync may wait up to <see cref="OutcomeSyncInterval"/>.
    /// </summary>
    public void Save(IReadOnlyList<WebhookDelivery> deliveries, bool durable = true)
    {
        lock (_sync) Store(deliveries.Where(d => _byId.ContainsKey(d.Id)).ToArray(), durable);
    }

    /// <summary>Pending deliveries of one subscription due at or before <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<WebhookDelivery> DuePage(string subscriptionId, DateTimeOffset now, int limit)
    {
        lock (_sync)
        {
            if (!_due.TryGetValue(subscriptionId, out var queue)) return [];
            var page = new List<WebhookDelivery>(Math.Min(limit, queue.Count));
            foreach (var key in queue)
            {
                if (key.Ticks > now.UtcTicks || page.Count >= limit) break;
                page.Add(_byId[key.Id].Delivery);
            }
            return page;
        }
    }

    public WebhookDelivery? Get(string id)
    {
        lock (_sync) return _byId.TryGetValue(id, out var e) ? e.Delivery : null;
    }

    /// <summary>Newest first; optionally one subscription and/or one status.</summary>
    public IReadOnlyList<WebhookDelivery> List(string? subscriptionId, DeliveryStatus? status, int limit)
    {
        lock (_sync)
            return _byId.Values.Select(e => e.Delivery)
                .Where(d => (subscriptionId is null || d.SubscriptionId == subscriptionId) && (status is null || d.Status == status))
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal)
                .Take(limit).ToArray();
    }

    public int CountWith(DeliveryStatus status)
    {
        lock (_sync) return _byId.Values.Count(e => e.Delivery.Status == status);
    }

    /// <summary>Puts deliveries back in the queue, due now, with a fresh 24 h window; returns how many.</summary>
    public int Requeue(IEnumerable<WebhookDelivery> deliveries, DateTimeOffset now)
    {
        var again = deliveries.Select(d => d with { Status = DeliveryStatus.Pending, NextAttemptAt = now, WindowStart = now, CompletedAt = null }).ToArray();
        lock (_sync)
        {
            var known = again.Where(d => _byId.ContainsKey(d.Id)).ToArray();
            Store(known, durable: true);
            return known.Length;
        }
    }

    /// <summary>Marks every pending delivery of a subscription dead with <paramref name="reason"/>; returns how many.</summary>
    public int KillPending(string subscriptionId, string reason, DateTimeOffset now)
    {
        lock (_sync)
        {
            var pending = DuePage(subscriptionId, DateTimeOffset.MaxValue, int.MaxValue);
            Save(pending.Select(d => d with { Status = DeliveryStatus.Dead, LastError = reason, CompletedAt = now }).ToArray());
            return pending.Count;
        }
    }

    /// <summary>
    /// Removes delivered records completed before <paramref name="before"/>, and the oldest beyond
    /// <see cref="MaxDeliveredKept"/> (failed and dead ones stay for replay); returns how many.
    /// </summary>
    public int PruneDelivered(DateTimeOffset before)
    {
        lock (_sync)
        {
            var delivered = _byId.Values.Select(e => e.Delivery).Where(d => d.Status == DeliveryStatus.Delivered)
                .OrderBy(d => d.CompletedAt ?? d.CreatedAt).ToArray();
            var excess = delivered.Length - MaxDeliveredKept;
            var gone = delivered.Where((d, i) => i < excess || (d.CompletedAt ?? d.CreatedAt) < before).Select(d => d.Id).ToArray();
            if (gone.Length == 0) return 0;
            _batch.Clear();
            foreach (var id in gone)
            {
                _batch.Begin();
                WebhookDeliveryRecord.WriteRemoved(_batch.Writer, id);
                _batch.End();
            }
            Write(durable: true);
            foreach (var id in gone) Forget(id);
            CompactIfWorthIt();
            return gone.Length;
        }
    }

    /// <summary>Takes in records from elsewhere (the LiteDB collection of earlier versions), replacing same ids.</summary>
    internal void Import(IReadOnlyList<WebhookDelivery> deliveries)
    {
        lock (_sync) Store(deliveries, durable: true);
    }

    // Appends each delivery's whole state, then (once written) takes it in memory: a failed write changes nothing.
    private void Store(IReadOnlyList<WebhookDelivery> deliveries, bool durable)
    {
        _batch.Clear();
        var bytes = new int[deliveries.Count];
        for (var i = 0; i < deliveries.Count; i++) bytes[i] = Put(deliveries[i]);
        Write(durable);
        for (var i = 0; i < deliveries.Count; i++) Remember(deliveries[i], bytes[i]);
        CompactIfWorthIt();
    }

    private int Put(WebhookDelivery d)
    {
        _batch.Begin();
        WebhookDeliveryRecord.WritePut(_batch.Writer, d);
        return _batch.End();
    }

    private void Write(bool durable)
    {
        if (_batch.Records == 0) return;
        durable |= _unsynced && _time.GetElapsedTime(_lastSync) >= OutcomeSyncInterval;
        _journal.Append(_batch, durable);
        _batch.Clear();
        if (durable) { _lastSync = _time.GetTimestamp(); _unsynced = false; }
        else _unsynced = true;
    }

    /// <summary>
    /// fsyncs outcomes written without one: always, or with <paramref name="onlyIfDue"/> once the last fsync is
    /// <see cref="OutcomeSyncInterval"/> old (the worker's idle turns: an fsync per turn would serialise its loop).
    /// </summary>
    public void Flush(bool onlyIfDue = false)
    {
        lock (_sync)
        {
            if (!_unsynced || (onlyIfDue && _time.GetElapsedTime(_lastSync) < OutcomeSyncInterval)) return;
            _journal.Sync();
            _lastSync = _time.GetTimestamp();
            _unsynced = false;
        }
    }

    private void Remember(WebhookDelivery d, int bytes)
    {
        Forget(d.Id);
        _byId[d.Id] = new Entry(d, bytes);
        _liveBytes += bytes;
        if (d.Status != DeliveryStatus.Pending) return;
        if (!_due.TryGetValue(d.SubscriptionId, out var queue)) _due[d.SubscriptionId] = queue = [];
        queue.Add(new DueKey(d.NextAttemptAt.UtcTicks, d.Id));
    }

    private void Forget(string id)
    {
        if (!_byId.Remove(id, out var old)) return;
        _liveBytes -= old.Bytes;
        if (old.Delivery.Status == DeliveryStatus.Pending && _due.TryGetValue(old.Delivery.SubscriptionId, out var queue))
        {
            queue.Remove(new DueKey(old.Delivery.NextAttemptAt.UtcTicks, id));
            if (queue.Count == 0) _due.Remove(old.Delivery.SubscriptionId);
        }
    }

    private void CompactIfWorthIt()
    {
        if (_journal.Length > CompactAbove && _journal.Length > 3 * _liveBytes) Compact();
    }

    private void Compact()
    {
        _batch.Clear();
        foreach (var e in _byId.Values) Put(e.Delivery);
        _journal.Rewrite(_batch);
        _batch.Clear();
        _lastSync = _time.GetTimestamp();
        _unsynced = false;
    }

    public void Dispose()
    {
        lock (_sync) _journal.Dispose();
    }
}
