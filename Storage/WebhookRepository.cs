using Decnet.Engine.Webhooks;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>The webhook subscriptions and the durable outbox of their deliveries.</summary>
public sealed class WebhookRepository
{
    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _subscriptions;
    private readonly ILiteCollection<BsonDocument> _deliveries;

    internal WebhookRepository(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _subscriptions = db.GetCollection(WebhookSubscriptionCodec.Collection, BsonAutoId.ObjectId);
        _deliveries = db.GetCollection(WebhookDeliveryCodec.Collection, BsonAutoId.ObjectId);
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
    public int DeleteSubscription(string id, DateTimeOffset now) => _store.InTransaction(() =>
    {
        _subscriptions.Delete(id);
        var pending = DuePage(id, DateTimeOffset.MaxValue, int.MaxValue);
        foreach (var d in pending)
            _deliveries.Update(WebhookDeliveryCodec.Encode(d with { Status = DeliveryStatus.Dead, LastError = "subscription removed", CompletedAt = now }));
        return pending.Count;
    });

    /// <summary>Stores new deliveries in one transaction, skipping any whose id is already stored; returns those stored.</summary>
    public IReadOnlyList<WebhookDelivery> AddDeliveries(IReadOnlyList<WebhookDelivery> deliveries) => _store.InTransaction(() =>
    {
        var added = new List<WebhookDelivery>(deliveries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in deliveries)
        {
            if (!seen.Add(d.Id) || _deliveries.FindById(d.Id) is not null) continue;
            _deliveries.Insert(WebhookDeliveryCodec.Encode(d));
            added.Add(d);
        }
        return (IReadOnlyList<WebhookDelivery>)added;
    });

    /// <summary>Writes the new state of existing deliveries, in one transaction.</summary>
    public void SaveDeliveries(IReadOnlyList<WebhookDelivery> deliveries) => _store.InTransaction(() =>
    {
        foreach (var d in deliveries) _deliveries.Update(WebhookDeliveryCodec.Encode(d));
    });

    /// <summary>Pending deliveries of one subscription due at or before <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<WebhookDelivery> DuePage(string subscriptionId, DateTimeOffset now, int limit)
    {
        var from = WebhookDeliveryCodec.QueuePrefix(subscriptionId);
        var to = WebhookDeliveryCodec.QueueUpperBound(subscriptionId, now);
        // Find on the index returns documents in index (= due) order and stops at the limit.
        return _deliveries.Find(Query.Between(WebhookDeliveryCodec.QueueKeyField, from, to), 0, limit).Select(WebhookDeliveryCodec.Decode).ToArray();
    }

    public WebhookDelivery? GetDelivery(string id) => _deliveries.FindById(id) is { } doc ? WebhookDeliveryCodec.Decode(doc) : null;

    /// <summary>Newest first; optionally one subscription and/or one status.</summary>
    public IReadOnlyList<WebhookDelivery> ListDeliveries(string? subscriptionId, DeliveryStatus? status, int limit)
    {
        var query = _deliveries.Query();
        if (subscriptionId is not null) query = query.Where(Query.EQ(WebhookDeliveryCodec.SubscriptionField, subscriptionId));
        if (status is { } s) query = query.Where(Query.EQ(WebhookDeliveryCodec.StatusField, s.Name()));
        return query.OrderByDescending("$." + WebhookDeliveryCodec.CreatedKeyField).Limit(limit).ToDocuments().Select(WebhookDeliveryCodec.Decode).ToArray();
    }

    public int CountDeliveries(DeliveryStatus status) => _deliveries.Count(Query.EQ(WebhookDeliveryCodec.StatusField, status.Name()));

    /// <summary>Puts deliveries back in the queue, due now, with a fresh 24 h window; returns how many.</summary>
    public int Requeue(IEnumerable<WebhookDelivery> deliveries, DateTimeOffset now) => _store.InTransaction(() =>
    {
        var n = 0;
        foreach (var d in deliveries)
        {
            _deliveries.Update(WebhookDeliveryCodec.Encode(d with { Status = DeliveryStatus.Pending, NextAttemptAt = now, WindowStart = now, CompletedAt = null }));
            n++;
        }
        return n;
    });

    /// <summary>Deletes delivered records completed before <paramref name="before"/> (failed and dead ones stay for replay).</summary>
    public int PruneDelivered(DateTimeOffset before) => _store.InTransaction(() =>
        _deliveries.DeleteMany(Query.And(Query.EQ(WebhookDeliveryCodec.StatusField, DeliveryStatus.Delivered.Name()),
            Query.LT("completed_at", before.UtcTicks))));
}
