using System.Globalization;
using Decnet.Engine.Webhooks;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="WebhookDelivery"/> ⇄ one document of <c>webhook_deliveries</c>, where schema 5 kept the outbox. Now only
/// read, once, to move those records into the journal (<see cref="WebhookOutbox"/>). A pending delivery carries
/// <c>queue_key</c> = <c>P|subscription-id|due-ticks(19 digits)|id</c>, so the due deliveries of one subscription are
/// one ordered range scan of that index; other statuses carry <c>X|id</c>. Every indexed key is unique on purpose:
/// LiteDB's skip list walks runs of equal keys on insert, so a low-cardinality index (status, subscription) makes
/// inserts quadratic (measured: 2,000 inserts took 23 s).
/// </summary>
public static class WebhookDeliveryCodec
{
    public const string Collection = "webhook_deliveries";
    public const string QueueKeyField = "queue_key";
    public const string SubscriptionField = "sub_id";
    public const string StatusField = "status";
    public const string CreatedField = "created_at";
    public const string CreatedKeyField = "created_key";
    private const string Record = "webhook delivery";

    public static string QueueKey(string subscriptionId, DateTimeOffset due, string id) => QueuePrefix(subscriptionId) + Ticks(due) + "|" + id;

    public static string QueuePrefix(string subscriptionId) => "P|" + subscriptionId + "|";

    /// <summary>The last possible key of deliveries due at or before <paramref name="due"/>.</summary>
    public static string QueueUpperBound(string subscriptionId, DateTimeOffset due) => QueuePrefix(subscriptionId) + Ticks(due) + "|\uffff";

    public static string CreatedKey(DateTimeOffset created, string id) => Ticks(created) + "|" + id;

    private static string Ticks(DateTimeOffset t) => Math.Max(0, t.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static BsonDocument Encode(WebhookDelivery d) => new()
    {
        ["_id"] = d.Id,
        [SubscriptionField] = d.SubscriptionId,
        ["sub_name"] = d.SubscriptionName,
        ["event_id"] = d.EventId,
        ["topic"] = d.Topic,
        [CreatedField] = BsonFields.Ticks(d.CreatedAt),
        [CreatedKeyField] = CreatedKey(d.CreatedAt, d.Id),
        ["window_start"] = BsonFields.Ticks(d.WindowStart),
        ["body"] = d.Body.ToArray(),
        [StatusField] = d.Status.Name(),
        ["attempts"] = d.Attempts,
        ["next_attempt_at"] = BsonFields.Ticks(d.NextAttemptAt),
        [QueueKeyField] = d.Status == DeliveryStatus.Pending ? QueueKey(d.SubscriptionId, d.NextAttemptAt, d.Id) : "X|" + d.Id,
        ["last_status_code"] = d.LastStatusCode is { } c ? c : BsonValue.Null,
        ["last_error"] = d.LastError is null ? BsonValue.Null : d.LastError,
        ["last_latency_ms"] = d.LastLatencyMs is { } l ? l : BsonValue.Null,
        ["completed_at"] = d.CompletedAt is { } t ? BsonFields.Ticks(t) : BsonValue.Null,
    };

    public static WebhookDelivery Decode(BsonDocument doc)
    {
        var statusText = BsonFields.String(doc, StatusField, Record);
        if (!DeliveryStatuses.TryParse(statusText, out var status)) throw BsonFields.Missing(Record, StatusField, "delivery status");
        return new WebhookDelivery(
            BsonFields.String(doc, "_id", Record),
            BsonFields.String(doc, SubscriptionField, Record),
            BsonFields.String(doc, "sub_name", Record),
            BsonFields.String(doc, "event_id", Record),
            BsonFields.String(doc, "topic", Record),
            BsonFields.Time(doc, CreatedField, Record),
            BsonFields.Time(doc, "window_start", Record),
            BsonFields.Binary(doc, "body", Record),
            status,
            BsonFields.Int32(doc, "attempts", Record),
            BsonFields.Time(doc, "next_attempt_at", Record),
            doc.TryGetValue("last_status_code", out var c) && !c.IsNull ? BsonFields.Int32(doc, "last_status_code", Record) : null,
            BsonFields.OptString(doc, "last_error", Record),
            doc.TryGetValue("last_latency_ms", out var l) && l.IsNumber ? l.AsDouble : null,
            doc.TryGetValue("completed_at", out var t) && !t.IsNull ? BsonFields.Time(doc, "completed_at", Record) : null);
    }
}
