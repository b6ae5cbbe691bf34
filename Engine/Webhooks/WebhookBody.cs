using System.Buffers;
using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Ingest;

namespace Decnet.Engine.Webhooks;

/// <summary>The request body: the bus envelope as compact JSON, <c>{"v":1,"id","ts","topic","type","payload"}</c>.</summary>
public static class WebhookBody
{
    public static byte[] Encode(BusEnvelope e)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + e.Payload.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", BusEnvelope.CurrentVersion);
            w.WriteString("id", e.Id);
            w.WriteString("ts", IsoTimestamp.Format(e.Ts));
            w.WriteString("topic", e.Topic);
            w.WriteString("type", e.Type);
            w.WritePropertyName("payload");
            if (e.Payload.IsEmpty) w.WriteNullValue();
            else w.WriteRawValue(e.Payload.Span, skipInputValidation: false);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
