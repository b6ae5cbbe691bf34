using System.Text;
using Decnet.Engine.Webhooks;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="WebhookDelivery"/> ⇄ one binary journal record of the outbox (see <see cref="OutboxJournal"/>):
/// kind 1 is a delivery's whole current state, kind 2 its removal. Strings are length-prefixed UTF-8, times UTC ticks.
/// </summary>
public static class WebhookDeliveryRecord
{
    public const byte Put = 1;
    public const byte Removed = 2;

    public static void WritePut(BinaryWriter w, WebhookDelivery d)
    {
        w.Write(Put);
        w.Write(d.Id);
        w.Write(d.SubscriptionId);
        w.Write(d.SubscriptionName);
        w.Write(d.EventId);
        w.Write(d.Topic);
        w.Write(d.CreatedAt.UtcTicks);
        w.Write(d.WindowStart.UtcTicks);
        w.Write(d.Body.Length);
        w.Write(d.Body.Span);
        w.Write((byte)d.Status);
        w.Write(d.Attempts);
        w.Write(d.NextAttemptAt.UtcTicks);
        w.Write(d.LastStatusCode ?? -1);
        WriteOptional(w, d.LastError);
        w.Write(d.LastLatencyMs.HasValue);
        if (d.LastLatencyMs is { } l) w.Write(l);
        w.Write(d.CompletedAt.HasValue);
        if (d.CompletedAt is { } c) w.Write(c.UtcTicks);
    }

    public static void WriteRemoved(BinaryWriter w, string id)
    {
        w.Write(Removed);
        w.Write(id);
    }

    /// <summary>Reads one record: the delivery (kind 1) or only the removed id (kind 2).</summary>
    /// <exception cref="InvalidDataException">An unknown kind or a field out of range.</exception>
    public static (WebhookDelivery? Delivery, string Id) Read(BinaryReader r)
    {
        var kind = r.ReadByte();
        if (kind == Removed) return (null, r.ReadString());
        if (kind != Put) throw new InvalidDataException($"unknown record kind {kind}");
        var id = r.ReadString();
        var subId = r.ReadString();
        var subName = r.ReadString();
        var eventId = r.ReadString();
        var topic = r.ReadString();
        var created = Time(r.ReadInt64());
        var window = Time(r.ReadInt64());
        var bodyLength = r.ReadInt32();
        if (bodyLength < 0) throw new InvalidDataException($"delivery {id}: negative body length");
        var body = r.ReadBytes(bodyLength);
        if (body.Length != bodyLength) throw new EndOfStreamException();
        var status = r.ReadByte();
        if (status > (byte)DeliveryStatus.Dead) throw new InvalidDataException($"delivery {id}: unknown status {status}");
        var attempts = r.ReadInt32();
        var next = Time(r.ReadInt64());
        var code = r.ReadInt32();
        var error = ReadOptional(r);
        double? latency = r.ReadBoolean() ? r.ReadDouble() : null;
        DateTimeOffset? completed = r.ReadBoolean() ? Time(r.ReadInt64()) : null;
        return (new WebhookDelivery(id, subId, subName, eventId, topic, created, window, body, (DeliveryStatus)status, attempts, next,
            code < 0 ? null : code, error, latency, completed), id);
    }

    private static void WriteOptional(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static DateTimeOffset Time(long ticks) =>
        ticks is >= 0 and <= 3155378975999999999 ? new DateTimeOffset(ticks, TimeSpan.Zero) : throw new InvalidDataException($"time out of range: {ticks}");

    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
