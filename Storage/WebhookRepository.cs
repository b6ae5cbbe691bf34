using Decnet.Engine.Webhooks;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>The webhook subscriptions (LiteDB) and the durable outbox of their deliveries (<see cref="WebhookOutbox"/>).</summary>
public sealed class WebhookRepository
{
    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _subscriptions;
    private readonly LiteDatabase _db;
    private readonly Lock _openGate = new();
    private volatile WebhookOutbox? _outbox;

    internal WebhookRepository(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _db = db;
        _subscriptions = db.GetCollection(WebhookSubscriptionCodec.Collection, BsonAutoId.ObjectId);
    }

    public IReadOnlyList<WebhookSubscription> ListSubscriptions() =>
        _subscriptions.FindAll().Select(WebhookSubscriptionCodec.Decode).OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();

    /// <summary>By name, or by id.</summary>
    public WebhookSubscription? FindSubscription(string nameOrId)
    {
        var doc = _subscriptions.FindOne(Query.EQ(WebhookSubscriptionCodec.NameField, nameOrId)) ?? _subscriptions.FindById(nameOrId);
        return doc is null ? null : WebhookSubscriptionCodec.Decode(doc);
    }

    public void InsertSubscription(WebhookSubscription s) => _store.InTransaction(() => { _subscriptions.Insert(WebhookSubscriptionCodec.Encode(s)); });

    public void UpdateSubscription(WebhookSubscription s) => _store.InTransaction(() =>
    {
        if (!_subscriptions.Update(WebhookSubscriptionCodec.Encode(s))) throw new InvalidOperationException($"no webhook subscription {s.Id}");
    });

    /// <summary>Deletes the subscription; its pending deliveries become dead ("subscription removed"), history stays.</summary>
    public int DeleteSubscription(string id, DateTimeOffset now)
    {
        var killed = Outbox.KillPending(id, "subscription removed", now);
        _store.InTransaction(() => { _subscriptions.Delete(id); });
        return killed;
    }

    /// <summary>Stores new deliveries durably, skipping any whose id is already stored; returns those stored.</summary>
    public IReadOnlyList<WebhookDelivery> AddDeliveries(IReadOnlyList<WebhookDelivery> deliveries) => Outbox.Add(deliveries);

    /// <summary>Writes the new state of existing deliveries; attempt outcomes may pass <paramref name="durable"/> false (see <see cref="WebhookOutbox"/>).</summary>
    public void SaveDeliveries(IReadOnlyList<WebhookDelivery> deliveries, bool durable = true) => Outbox.Save(deliveries, durable);

    /// <summary>Pending deliveries of one subscription due at or before <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<WebhookDelivery> DuePage(string subscriptionId, DateTimeOffset now, int limit) => Outbox.DuePage(subscriptionId, now, limit);

    public WebhookDelivery? GetDelivery(string id) => Outbox.Get(id);

    /// <summary>Newest first; optionally one subscription and/or one status.</summary>
    public IReadOnlyList<WebhookDelivery> ListDeliveries(string? subscriptionId, DeliveryStatus? status, int limit) => Outbox.List(subscriptionId, status, limit);

    public int CountDeliveries(DeliveryStatus status) => Outbox.CountWith(status);

    /// <summary>Puts deliveries back in the queue, due now, with a fresh 24 h window; returns how many.</summary>
    public int Requeue(IEnumerable<WebhookDelivery> deliveries, DateTimeOffset now) => Outbox.Requeue(deliveries, now);

    /// <summary>fsyncs attempt outcomes written without one (with <paramref name="onlyIfDue"/>: see <see cref="WebhookOutbox.Flush"/>).</summary>
    public void FlushDeliveries(bool onlyIfDue = false) => _outbox?.Flush(onlyIfDue);

    /// <summary>Deletes delivered records completed before <paramref name="before"/> (failed and dead ones stay for replay).</summary>
    public int PruneDelivered(DateTimeOffset before) => Outbox.PruneDelivered(before);

    // Opened on first use, so commands that never touch deliveries do not read the journal. Deliveries stored in
    // LiteDB by earlier versions (schema 5) move into the journal once, then their collection is dropped.
    private WebhookOutbox Outbox
    {
        get
        {
            if (_outbox is { } open) return open;
            lock (_openGate)
            {
                if (_outbox is not null) return _outbox;
                var outbox = WebhookOutbox.Open(_store.DataDir, _store.Time, _store.Logger);
                if (_db.CollectionExists(WebhookDeliveryCodec.Collection))
                {
                    var old = _db.GetCollection(WebhookDeliveryCodec.Collection).FindAll().Select(WebhookDeliveryCodec.Decode).ToArray();
                    if (old.Length > 0) outbox.Import(old);
                    _store.DropCollection(WebhookDeliveryCodec.Collection);
                }
                return _outbox = outbox;
            }
        }
    }

    internal void Close()
    {
        lock (_openGate)
        {
            _outbox?.Dispose();
            _outbox = null;
        }
    }
}
