using Decnet.Engine.Emailgen;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="MailRecord"/> ⇄ one document of <c>email_messages</c>, <c>_id</c> = the Message-ID. The date is UTC ticks
/// (indexed, with the decky, for listing and pruning) plus the sender's offset in minutes, so the record reads back
/// exactly as the Date header was written.
/// </summary>
public static class MailRecordCodec
{
    public const string Collection = "email_messages";
    public const string DeckyField = "decky";
    public const string DateField = "date";
    private const string Record = "email message";

    public static BsonDocument Encode(MailRecord m) => new()
    {
        ["_id"] = m.MessageId,
        [DeckyField] = m.Decky,
        ["thread"] = m.ThreadId,
        ["topic"] = m.Topic,
        ["from"] = m.From,
        ["to"] = Strings(m.To),
        ["cc"] = Strings(m.Cc),
        ["subject"] = m.Subject,
        [DateField] = BsonFields.Ticks(m.Date),
        ["offset_min"] = (int)m.Date.Offset.TotalMinutes,
        ["in_reply_to"] = m.InReplyTo is null ? BsonValue.Null : m.InReplyTo,
        ["references"] = Strings(m.References),
        ["backend"] = m.Backend,
        ["mailboxes"] = Strings(m.Mailboxes),
    };

    public static MailRecord Decode(BsonDocument doc)
    {
        var utc = BsonFields.Time(doc, DateField, Record);
        var offset = TimeSpan.FromMinutes(BsonFields.Int32(doc, "offset_min", Record));
        return new MailRecord(
            BsonFields.String(doc, "_id", Record),
            BsonFields.String(doc, DeckyField, Record),
            BsonFields.String(doc, "thread", Record),
            BsonFields.String(doc, "topic", Record),
            BsonFields.String(doc, "from", Record),
            ReadStrings(doc, "to"),
            ReadStrings(doc, "cc"),
            BsonFields.String(doc, "subject", Record),
            utc.ToOffset(offset),
            BsonFields.OptString(doc, "in_reply_to", Record),
            ReadStrings(doc, "references"),
            BsonFields.String(doc, "backend", Record),
            ReadStrings(doc, "mailboxes"));
    }

    private static BsonArray Strings(IEnumerable<string> values) => new(values.Select(v => new BsonValue(v)));

    private static string[] ReadStrings(BsonDocument doc, string key)
    {
        if (!doc.TryGetValue(key, out var v) || !v.IsArray) throw BsonFields.Missing(Record, key, "array of strings");
        var result = new string[v.AsArray.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = v.AsArray[i].IsString ? v.AsArray[i].AsString : throw BsonFields.Missing(Record, key, "array of strings");
        return result;
    }
}
