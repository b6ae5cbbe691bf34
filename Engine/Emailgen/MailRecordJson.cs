using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Decnet.Engine.Emailgen;

/// <summary>`emailgen list --json`: one array, snake_case fields, dates ISO 8601 UTC.</summary>
public static class MailRecordJson
{
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string ToJson(IEnumerable<MailRecord> records)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteString("message_id", r.MessageId);
                w.WriteString("decky", r.Decky);
                w.WriteString("thread_id", r.ThreadId);
                w.WriteString("topic", r.Topic);
                w.WriteString("from", r.From);
                Array(w, "to", r.To);
                Array(w, "cc", r.Cc);
                w.WriteString("subject", r.Subject);
                w.WriteString("date", Iso(r.Date));
                w.WriteString("date_header", MimeMessageWriter.FormatDate(r.Date));
                if (r.InReplyTo is null) w.WriteNull("in_reply_to"); else w.WriteString("in_reply_to", r.InReplyTo);
                Array(w, "references", r.References);
                w.WriteString("backend", r.Backend);
                Array(w, "mailboxes", r.Mailboxes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Array(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
