using Decnet.Engine.Emailgen;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>The <c>email_personas</c> collection: emailgen's personas, one per address.</summary>
public sealed class PersonaRepository
{
    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _collection;

    internal PersonaRepository(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _collection = db.GetCollection(PersonaCodec.Collection);
    }

    /// <summary>Inserts or replaces each persona (one transaction); returns how many were new.</summary>
    public int Upsert(IEnumerable<Persona> personas) => _store.InTransaction(() =>
    {
        var added = 0;
        foreach (var p in personas) if (_collection.Upsert(PersonaCodec.Encode(p))) added++;
        return added;
    });

    public Persona? Get(string email)
    {
        var doc = _collection.FindById(email.Trim().ToLowerInvariant());
        return doc is null ? null : PersonaCodec.Decode(doc);
    }

    /// <summary>Every persona, or those of one domain and/or scope, ordered by address.</summary>
    public IReadOnlyList<Persona> List(string? domain = null, string? scope = null)
    {
        var query = _collection.Query();
        if (domain is not null) query = query.Where(Query.EQ(PersonaCodec.DomainField, domain.Trim().ToLowerInvariant()));
        if (scope is not null) query = query.Where(Query.EQ(PersonaCodec.ScopeField, scope));
        return query.ToDocuments().Select(PersonaCodec.Decode).OrderBy(p => p.Email, StringComparer.Ordinal).ToArray();
    }

    public bool Delete(string email) => _store.InTransaction(() => _collection.Delete(email.Trim().ToLowerInvariant()));

    public int Count() => _collection.Count();
}
