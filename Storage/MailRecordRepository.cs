using Decnet.Engine.Emailgen;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>The <c>email_messages</c> collection: one record per message emailgen delivered.</summary>
public sealed class MailRecordRepository
{
    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _collection;

    internal MailRecordRepository(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _collection = db.GetCollection(MailRecordCodec.Collection);
    }

    /// <summary>Records a batch in one transaction (a re-generated Message-ID replaces its record).</summary>
    public void Add(IEnumerable<MailRecord> records) => _store.InTransaction(() =>
    {
        foreach (var r in records) _collection.Upsert(MailRecordCodec.Encode(r));
    });

    public MailRecord? Get(string messageId) => _collection.FindById(messageId) is { } doc ? MailRecordCodec.Decode(doc) : null;

    /// <summary>Newest first, optionally of one decky, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<MailRecord> List(string? decky, int limit)
    {
        var query = _collection.Query();
        if (decky is not null) query = query.Where(Query.EQ(MailRecordCodec.DeckyField, decky));
        return query.OrderByDescending("$." + MailRecordCodec.DateField).Limit(limit).ToDocuments().Select(MailRecordCodec.Decode).ToArray();
    }

    public int Count(string? decky = null) =>
        decky is null ? _collection.Count() : _collection.Count(Query.EQ(MailRecordCodec.DeckyField, decky));

    /// <summary>Keeps the newest <paramref name="keep"/> records of <paramref name="decky"/>; returns how many were removed.</summary>
    public int Prune(string decky, int keep) => _store.InTransaction(() =>
    {
        var ids = _collection.Query().Where(Query.EQ(MailRecordCodec.DeckyField, decky)).OrderByDescending("$." + MailRecordCodec.DateField)
            .Select("$._id").ToDocuments().Skip(keep).Select(d => d["_id"]).ToArray();
        foreach (var id in ids) _collection.Delete(id);
        return ids.Length;
    });
}
