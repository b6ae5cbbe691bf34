using System.Buffers.Binary;
using Decnet.Engine.Profiler;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="LedgerChunk"/> ⇄ <c>{_id: seq, ids: binary(N×16, big-endian)}</c>. Thousands of ids per document,
/// because LiteDB costs ~20 µs per document and ingest runs at 100k events/s.
/// </summary>
public static class LedgerChunkCodec
{
    public const string Collection = "seen_ids";
    private const string Record = "seen-id chunk";

    public static BsonDocument Encode(LedgerChunk chunk) => new() { ["_id"] = chunk.Seq, ["ids"] = Pack(chunk.Ids.AsSpan()) };

    public static LedgerChunk Decode(BsonDocument doc)
    {
        var seq = BsonFields.Int64(doc, "_id", Record, fallback: -1);
        var bytes = BsonFields.Binary(doc, "ids", Record);
        if (seq < 0) throw BsonFields.Missing(Record, "_id", "non-negative integer");
        if (bytes.Length % 16 != 0) throw new StoreFormatException($"stored {Record} {seq}: 'ids' is {bytes.Length} bytes, not a multiple of 16");
        return new LedgerChunk(seq, EquatableArray<UInt128>.TakeOwnership(Unpack(bytes)));
    }

    internal static byte[] Pack(ReadOnlySpan<UInt128> ids)
    {
        var bytes = new byte[ids.Length * 16];
        for (var i = 0; i < ids.Length; i++) BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(i * 16, 16), ids[i]);
        return bytes;
    }

    internal static UInt128[] Unpack(ReadOnlySpan<byte> bytes)
    {
        var ids = new UInt128[bytes.Length / 16];
        for (var i = 0; i < ids.Length; i++) ids[i] = BinaryPrimitives.ReadUInt128BigEndian(bytes.Slice(i * 16, 16));
        return ids;
    }
}
