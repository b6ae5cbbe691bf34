using Decnet.Engine.Profiler;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>The <c>attackers</c> collection: one <see cref="AttackerProfile"/> per source IP.</summary>
public sealed class AttackerRepository : ITransactionParticipant
{
    internal const int CacheCapacity = 8_192;

    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _collection;
    private readonly ProfileCache _cache = new(CacheCapacity);
    // Written by the transaction's thread only; other threads see these once committed.
    private readonly Dictionary<string, AttackerProfile> _pending = new(StringComparer.Ordinal);
    // Every stored IP, loaded on first use: a first sighting then costs no database lookup (a miss costs as much
    // as a hit in LiteDB). A stale extra entry is harmless (the database is asked and says no).
    private HashSet<string>? _knownIps;
    private readonly Lock _knownSync = new();

    internal AttackerRepository(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _collection = db.GetCollection(AttackerCodec.Collection, BsonAutoId.ObjectId);
    }

    /// <summary>The profile of <paramref name="ip"/>, or null if never seen. Inside a transaction, sees its own writes.</summary>
    public AttackerProfile? Get(string ip)
    {
        if (_store.IsTransactionThread && _pending.TryGetValue(ip, out var pending)) return pending;
        if (_cache.TryGet(ip, out var cached)) return cached;
        if (!IsKnown(ip)) return null;
        var generation = _cache.Generation;
        var doc = _collection.FindById(ip);
        if (doc == null) return null;
        var profile = AttackerCodec.Decode(doc);
        // Inside a transaction a row absent from _pending is still the committed one, so caching it is safe.
        _cache.AddIfUnchanged(profile, generation);
        return profile;
    }

    /// <summary>Inserts or replaces the profile (joins the caller's transaction, or runs in its own).</summary>
    public void Upsert(AttackerProfile profile) => _store.InTransaction(() =>
    {
        var doc = AttackerCodec.Encode(profile);
        // Insert or Update directly: LiteDB's Upsert tries an Update first, a wasted lookup for a new IP.
        // The known-IP set never misses a stored IP (this store is the file's only writer), so Insert is safe.
        if (_pending.ContainsKey(profile.Ip) || IsKnown(profile.Ip))
        {
            if (!_collection.Update(doc)) _collection.Insert(doc);
        }
        else
        {
            _collection.Insert(doc);
        }
        _pending[profile.Ip] = profile;
    });

    /// <summary>Up to <paramref name="limit"/> profiles, most recent (or busiest) first, read through the index.</summary>
    public IReadOnlyList<AttackerProfile> List(AttackerSort sort, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0) return [];
        var result = new List<AttackerProfile>(Math.Min(limit, 1024));
        foreach (var doc in ListQuery(sort, limit).ToDocuments()) result.Add(AttackerCodec.Decode(doc));
        return result;
    }

    /// <summary>As <see cref="List(AttackerSort, int)"/>, keeping only profiles registered in a country and/or AS.</summary>
    public IReadOnlyList<AttackerProfile> List(AttackerSort sort, int limit, AttackerFilter filter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0) return [];
        var result = new List<AttackerProfile>(Math.Min(limit, 1024));
        foreach (var doc in ListQuery(sort, limit, filter).ToDocuments()) result.Add(AttackerCodec.Decode(doc));
        return result;
    }

    /// <summary>The query behind <see cref="List(AttackerSort, int)"/>: a descending scan of the sort field's index, stopped at the limit.</summary>
    internal ILiteQueryableResult<BsonDocument> ListQuery(AttackerSort sort, int limit, AttackerFilter? filter = null)
    {
        var field = sort == AttackerSort.Events ? AttackerCodec.EventCountField : AttackerCodec.LastSeenField;
        var query = _collection.Query();
        if (filter?.Country is { } cc) query = query.Where(Query.EQ(AttackerCodec.CountryField, cc.ToUpperInvariant()));
        if (filter?.Asn is { } asn) query = query.Where(Query.EQ(AttackerCodec.AsnField, (long)asn));
        return query.OrderByDescending("$." + field).Limit(limit);
    }

    /// <summary>Attackers and events per country or per AS, largest first; unenriched profiles count under an empty key.</summary>
    public IReadOnlyList<AttackerGroupCount> CountBy(AttackerGrouping by)
    {
        var groups = new Dictionary<string, (string? Label, long Attackers, long Events)>(StringComparer.Ordinal);
        var projection = "{k: $." + (by == AttackerGrouping.Country ? AttackerCodec.CountryField : AttackerCodec.AsnField)
            + ", n: $.as_name, e: $." + AttackerCodec.EventCountField + "}";
        foreach (var doc in _collection.Query().Select(projection).ToDocuments())
        {
            var key = doc["k"] switch { { IsNull: true } => "", { IsString: true } s => s.AsString, var v => v.AsInt64.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            groups.TryGetValue(key, out var g);
            groups[key] = (g.Label ?? (doc["n"].IsString ? doc["n"].AsString : null), g.Attackers + 1, g.Events + doc["e"].AsInt64);
        }
        return groups.Select(kv => new AttackerGroupCount(kv.Key, by == AttackerGrouping.Asn ? kv.Value.Label : null, kv.Value.Attackers, kv.Value.Events))
            .OrderByDescending(g => g.Attackers).ThenByDescending(g => g.Events).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every profile, in IP order (for workers that scan them all, e.g. clustering).</summary>
    public IReadOnlyList<AttackerProfile> ListAll()
    {
        var result = new List<AttackerProfile>();
        foreach (var doc in _collection.FindAll()) result.Add(AttackerCodec.Decode(doc));
        return result;
    }

    public int Count() => _collection.Count();

    private bool IsKnown(string ip)
    {
        lock (_knownSync)
        {
            if (_knownIps == null)
            {
                var known = new HashSet<string>(StringComparer.Ordinal);
                foreach (var doc in _collection.Query().Select("$._id").ToDocuments()) known.Add(doc["_id"].AsString);
                _knownIps = known;
            }
            return _knownIps.Contains(ip);
        }
    }

    void ITransactionParticipant.Committed()
    {
        if (_pending.Count == 0) return;
        _cache.Commit(_pending.Values);
        lock (_knownSync) _knownIps?.UnionWith(_pending.Keys);
        _pending.Clear();
    }

    void ITransactionParticipant.RolledBack() => _pending.Clear();
}
