using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>Typed field access for the hand-written codecs, with errors that name the record and field.</summary>
internal static class BsonFields
{
    public static BsonValue Ticks(DateTimeOffset at) => at.UtcTicks;

    public static string String(BsonDocument doc, string key, string record)
    {
        if (doc.TryGetValue(key, out var v) && v.IsString) return v.AsString;
        throw Missing(record, key, "string");
    }

    public static string? OptString(BsonDocument doc, string key, string record)
    {
        if (!doc.TryGetValue(key, out var v) || v.IsNull) return null;
        if (v.IsString) return v.AsString;
        throw Missing(record, key, "string or null");
    }

    public static long Int64(BsonDocument doc, string key, string record, long fallback = 0)
    {
        if (!doc.TryGetValue(key, out var v) || v.IsNull) return fallback;
        if (v.IsInt64 || v.IsInt32) return v.AsInt64;
        throw Missing(record, key, "integer");
    }

    public static int Int32(BsonDocument doc, string key, string record)
    {
        if (doc.TryGetValue(key, out var v) && (v.IsInt32 || v.IsInt64) && v.AsInt64 is >= int.MinValue and <= int.MaxValue)
            return (int)v.AsInt64;
        throw Missing(record, key, "32-bit integer");
    }

    public static DateTimeOffset Time(BsonDocument doc, string key, string record)
    {
        if (doc.TryGetValue(key, out var v) && (v.IsInt64 || v.IsInt32))
        {
            var ticks = v.AsInt64;
            if (ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks) return new DateTimeOffset(ticks, TimeSpan.Zero);
        }
        throw Missing(record, key, "UTC ticks");
    }

    public static byte[] Binary(BsonDocument doc, string key, string record)
    {
        if (doc.TryGetValue(key, out var v) && v.IsBinary) return v.AsBinary;
        throw Missing(record, key, "binary");
    }

    public static BsonDocument? OptDocument(BsonDocument doc, string key, string record)
    {
        if (!doc.TryGetValue(key, out var v) || v.IsNull) return null;
        if (v.IsDocument) return v.AsDocument;
        throw Missing(record, key, "document");
    }

    public static StoreFormatException Missing(string record, string key, string expected) =>
        new($"stored {record}: field '{key}' is missing or not a {expected}");
}
