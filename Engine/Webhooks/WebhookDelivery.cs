namespace Decnet.Engine.Webhooks;

/// <summary>Where a delivery stands: pending (due at NextAttemptAt), delivered, failed (a final status), dead (gave up).</summary>
public enum DeliveryStatus { Pending, Delivered, Failed, Dead }

public static class DeliveryStatuses
{
    public static string Name(this DeliveryStatus s) => s switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Failed => "failed",
        _ => "dead",
    };

    public static bool TryParse(string? text, out DeliveryStatus status)
    {
        status = text switch
        {
            "pending" => DeliveryStatus.Pending,
            "delivered" => DeliveryStatus.Delivered,
            "failed" => DeliveryStatus.Failed,
            "dead" => DeliveryStatus.Dead,
            _ => (DeliveryStatus)(-1),
        };
        return (int)status >= 0;
    }
}

/// <summary>
/// One event for one subscription: the outbox record, written before the first attempt. <see cref="Id"/> is
/// <c>subscription-id:event-id</c>, so an event reaching a subscription through two of its patterns is stored (and
/// delivered) once; <see cref="EventId"/> is the <c>webhook-id</c> on every attempt. <see cref="WindowStart"/> opens
/// the 24 h retry window (creation, or the last replay).
/// </summary>
public sealed record WebhookDelivery(
    string Id,
    string SubscriptionId,
    string SubscriptionName,
    string EventId,
    string Topic,
    DateTimeOffset CreatedAt,
    DateTimeOffset WindowStart,
    ReadOnlyMemory<byte> Body,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    double? LastLatencyMs,
    DateTimeOffset? CompletedAt)
{
    public static string MakeId(string subscriptionId, string eventId) => subscriptionId + ":" + eventId;
}
