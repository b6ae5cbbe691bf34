using Decnet.Engine.Profiler;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// A profile list as one binary BSON field: <c>[format 1][count][entry...]</c>, entries written by the entry's codec.
/// An empty list is not stored at all.
/// </summary>
internal static class PackedList
{
    private const byte Format = 1;

    internal delegate T ReadEntry<T>(ref PackedReader reader);

    public static void Put<T>(BsonDocument doc, string key, EquatableArray<T> items, Action<PackedWriter, T> write)
    {
        if (items.IsEmpty) return;
        var writer = new PackedWriter(16 + items.Count * 24);
        writer.Varint(Format);
        writer.Varint((ulong)items.Count);
        foreach (var item in items) write(writer, item);
        doc[key] = writer.ToArray();
    }

    public static EquatableArray<T> Get<T>(BsonDocument doc, string key, string record, ReadEntry<T> read)
    {
        if (!doc.TryGetValue(key, out var value) || value.IsNull) return default;
        if (!value.IsBinary) throw BsonFields.Missing(record, key, "binary list");
        var reader = new PackedReader(value.AsBinary, record, key);
        var format = reader.Varint();
        if (format != Format) throw new StoreFormatException($"stored {record}: field '{key}' has list format {format}, expected {Format}");
        var items = new T[reader.Count()];
        for (var i = 0; i < items.Length; i++) items[i] = read(ref reader);
        reader.End();
        return EquatableArray<T>.TakeOwnership(items);
    }

    public static void WriteString(PackedWriter w, string s) => w.String(s);

    public static string ReadString(ref PackedReader r) => r.String();
}
