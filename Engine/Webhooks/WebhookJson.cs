using System.Buffers;
using System.Text;
using System.Text.Json;
using Decnet.Engine.Ingest;

namespace Decnet.Engine.Webhooks;

/// <summary>`webhook list|show|deliveries --json`: snake_case, ISO 8601 UTC; secrets are never written.</summary>
public static class WebhookJson
{
    public static void WriteSubscriptions(TextWriter output, IReadOnlyList<WebhookSubscription> subs, DateTimeOffset now) =>
        Write(output, w => { w.WriteStartArray(); foreach (var s in subs) Subscription(w, s, now); w.WriteEndArray(); });

    public static void WriteSubscription(TextWriter output, WebhookSubscription sub, DateTimeOffset now) =>
        Write(output, w => Subscription(w, sub, now));

    public static void WriteDeliveries(TextWriter output, IReadOnlyList<WebhookDelivery> deliveries) =>
        Write(output, w => { w.WriteStartArray(); foreach (var d in deliveries) Delivery(w, d); w.WriteEndArray(); });

    private static void Subscription(Utf8JsonWriter w, WebhookSubscription s, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("name", s.Name);
        w.WriteString("url", s.Url);
        w.WriteStartArray("patterns");
        foreach (var p in s.Patterns) w.WriteStringValue(p);
        w.WriteEndArray();
        w.WriteBoolean("enabled", s.Enabled);
        w.WriteBoolean("allow_private", s.AllowPrivate);
        if (s.RatePerSecond is { } r) w.WriteNumber("rate_per_second", r); else w.WriteNull("rate_per_second");
        w.WriteBoolean("previous_secret_valid", s.SigningSecrets(now).Count > 1);
        if (s.PreviousSecretUntil is { } u && s.SigningSecrets(now).Count > 1) w.WriteString("previous_secret_until", IsoTimestamp.Format(u));
        else w.WriteNull("previous_secret_until");
        w.WriteString("created_at", IsoTimestamp.Format(s.CreatedAt));
        w.WriteEndObject();
    }

    private static void Delivery(Utf8JsonWriter w, WebhookDelivery d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("subscription", d.SubscriptionName);
        w.WriteString("subscription_id", d.SubscriptionId);
        w.WriteString("event_id", d.EventId);
        w.WriteString("topic", d.Topic);
        w.WriteString("status", d.Status.Name());
        w.WriteNumber("attempts", d.Attempts);
        if (d.LastStatusCode is { } c) w.WriteNumber("last_status_code", c); else w.WriteNull("last_status_code");
        if (d.LastLatencyMs is { } l) w.WriteNumber("last_latency_ms", l); else w.WriteNull("last_latency_ms");
        if (d.LastError is { } e) w.WriteString("last_error", e); else w.WriteNull("last_error");
        w.WriteString("created_at", IsoTimestamp.Format(d.CreatedAt));
        if (d.Status == DeliveryStatus.Pending) w.WriteString("next_attempt_at", IsoTimestamp.Format(d.NextAttemptAt)); else w.WriteNull("next_attempt_at");
        if (d.CompletedAt is { } t) w.WriteString("completed_at", IsoTimestamp.Format(t)); else w.WriteNull("completed_at");
        w.WriteNumber("body_bytes", d.Body.Length);
        w.WriteEndObject();
    }

    private static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) body(w);
        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
