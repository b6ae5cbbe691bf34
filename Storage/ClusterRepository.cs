using Decnet.Engine.Clustering;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>
/// The <c>identities</c> or <c>campaigns</c> collection: <see cref="ClusterRecord"/>s by id. Small next to the attackers,
/// so whole-collection reads are fine; writes join the caller's transaction (one per clustering tick).
/// </summary>
public sealed class ClusterRepository
{
    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _collection;

    internal ClusterRepository(DecnetStore store, LiteDatabase db, string collection)
    {
        _store = store;
        _collection = db.GetCollection(collection, BsonAutoId.ObjectId);
    }

    public ClusterRecord? Get(string id)
    {
        var doc = _collection.FindById(id);
        return doc is null ? null : ClusterRecordCodec.Decode(doc);
    }

    public IReadOnlyList<ClusterRecord> ListAll()
    {
        var result = new List<ClusterRecord>();
        foreach (var doc in _collection.FindAll()) result.Add(ClusterRecordCodec.Decode(doc));
        return result;
    }

    public void Upsert(ClusterRecord record) => _store.InTransaction(() => _collection.Upsert(ClusterRecordCodec.Encode(record)));

    public void UpsertMany(IEnumerable<ClusterRecord> records) => _store.InTransaction(() =>
    {
        foreach (var r in records) _collection.Upsert(ClusterRecordCodec.Encode(r));
    });

    public int Count() => _collection.Count();
}
