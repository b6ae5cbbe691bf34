using Decnet.Engine.Clustering;
using Decnet.Engine.Profiler;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="ClusterRecord"/> ⇄ one document of <c>identities</c> or <c>campaigns</c>, <c>_id</c> = the id.
/// Members and evidence are packed lists; weights are stored as IEEE bits so they read back exactly.
/// </summary>
public static class ClusterRecordCodec
{
    public const string IdentityCollection = "identities";
    public const string CampaignCollection = "campaigns";
    public const string SeqField = "seq";
    private const string Record = "cluster record";

    public static BsonDocument Encode(ClusterRecord r)
    {
        var doc = new BsonDocument
        {
            ["_id"] = r.Id,
            [SeqField] = r.Seq,
            ["created"] = BsonFields.Ticks(r.Created),
            ["updated"] = BsonFields.Ticks(r.Updated),
            ["merged_into"] = r.MergedInto is null ? BsonValue.Null : r.MergedInto,
        };
        PackedList.Put(doc, "members", r.Members, PackedList.WriteString);
        PackedList.Put(doc, "evidence", r.Evidence, WriteLink);
        return doc;
    }

    public static ClusterRecord Decode(BsonDocument doc) => new(
        BsonFields.String(doc, "_id", Record),
        BsonFields.Int64(doc, SeqField, Record),
        BsonFields.Time(doc, "created", Record),
        BsonFields.Time(doc, "updated", Record),
        BsonFields.OptString(doc, "merged_into", Record),
        PackedList.Get(doc, "members", Record, PackedList.ReadString),
        PackedList.Get(doc, "evidence", Record, ReadLink));

    private static void WriteLink(PackedWriter w, LinkEvidence e)
    {
        w.String(e.A);
        w.String(e.B);
        w.Long(BitConverter.DoubleToInt64Bits(e.Score));
        w.Varint((ulong)e.Items.Count);
        foreach (var item in e.Items)
        {
            w.Varint((byte)item.Kind);
            w.String(item.Value);
            w.Long(BitConverter.DoubleToInt64Bits(item.Weight));
        }
    }

    private static LinkEvidence ReadLink(ref PackedReader r)
    {
        var a = r.String();
        var b = r.String();
        var score = BitConverter.Int64BitsToDouble(r.Long());
        var items = new EvidenceItem[r.Count()];
        for (var i = 0; i < items.Length; i++)
            items[i] = new EvidenceItem((FeatureKind)r.Varint(), r.String(), BitConverter.Int64BitsToDouble(r.Long()));
        return new LinkEvidence(a, b, score, EquatableArray<EvidenceItem>.TakeOwnership(items));
    }
}
