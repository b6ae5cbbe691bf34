using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>
/// Which event ids have been ingested, so re-reading a log file or a re-sent batch is not counted twice.
/// Held in memory as a set of 16-byte keys (<see cref="EventIdKey"/>), loaded on first use from chunk documents of
/// up to <see cref="ChunkCapacity"/> keys each. One document per event would cap ingest at LiteDB's ~50k docs/s.
/// Memory: about 40 bytes per remembered id (1M events ≈ 40 MB); there is no expiry yet.
/// </summary>
public sealed class SeenEventLedger : ITransactionParticipant
{
    public const int ChunkCapacity = 2_048;

    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _collection;
    private readonly Lock _sync = new();

    private HashSet<UInt128>? _seen;
    private long _tailSeq = -1;
    private byte[] _tail = [];

    // State of the open transaction (its thread only); folded in on commit, dropped on rollback.
    private readonly HashSet<UInt128> _pending = [];
    private long _pendingTailSeq = -1;
    private byte[]? _pendingTail;

    internal SeenEventLedger(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _collection = db.GetCollection(LedgerChunkCodec.Collection, BsonAutoId.Int64);
    }

    /// <summary>Committed ids remembered.</summary>
    public long Count
    {
        get
        {
            lock (_sync) return Loaded().Count;
        }
    }

    public bool Contains(string eventId) => Contains(EventIdKey.From(eventId));

    /// <summary>True when the id was ingested (inside a transaction: also when recorded earlier in it).</summary>
    public bool Contains(UInt128 key)
    {
        lock (_sync)
        {
            if (Loaded().Contains(key)) return true;
            return _store.IsTransactionThread && _pending.Contains(key);
        }
    }

    /// <summary>Remembers <paramref name="keys"/> (ones already known are skipped); returns how many were new.</summary>
    public int Record(IReadOnlyList<UInt128> keys) => _store.InTransaction(() =>
    {
        lock (_sync)
        {
            var seen = Loaded();
            var fresh = new List<UInt128>(keys.Count);
            foreach (var key in keys)
                if (!seen.Contains(key) && _pending.Add(key)) fresh.Add(key);
            if (fresh.Count > 0) WriteChunks(fresh);
            return fresh.Count;
        }
    });

    private void WriteChunks(List<UInt128> fresh)
    {
        var tailSeq = _pendingTail != null ? _pendingTailSeq : _tailSeq;
        var tail = _pendingTail ?? _tail;
        var offset = 0;
        // Top up the last chunk first so small batches do not leave thousands of tiny documents behind.
        var room = ChunkCapacity - tail.Length / 16;
        if (tailSeq >= 0 && room > 0)
        {
            var take = Math.Min(room, fresh.Count);
            tail = Concat(tail, LedgerChunkCodec.Pack(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fresh)[..take]));
            _collection.Update(new BsonDocument { ["_id"] = tailSeq, ["ids"] = tail });
            offset = take;
        }
        while (offset < fresh.Count)
        {
            var take = Math.Min(ChunkCapacity, fresh.Count - offset);
            tailSeq++;
            tail = LedgerChunkCodec.Pack(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fresh).Slice(offset, take));
            _collection.Insert(new BsonDocument { ["_id"] = tailSeq, ["ids"] = tail });
            offset += take;
        }
        _pendingTailSeq = tailSeq;
        _pendingTail = tail;
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }

    private HashSet<UInt128> Loaded()
    {
        if (_seen != null) return _seen;
        var seen = new HashSet<UInt128>();
        foreach (var doc in _collection.FindAll())
        {
            var chunk = LedgerChunkCodec.Decode(doc);
            foreach (var id in chunk.Ids) seen.Add(id);
            if (chunk.Seq > _tailSeq)
            {
                _tailSeq = chunk.Seq;
                _tail = LedgerChunkCodec.Pack(chunk.Ids.AsSpan());
            }
        }
        return _seen = seen;
    }

    void ITransactionParticipant.Committed()
    {
        lock (_sync)
        {
            if (_pending.Count > 0)
            {
                var seen = Loaded();
                seen.UnionWith(_pending);
            }
            if (_pendingTail != null)
            {
                _tailSeq = _pendingTailSeq;
                _tail = _pendingTail;
            }
            Reset();
        }
    }

    void ITransactionParticipant.RolledBack()
    {
        lock (_sync) Reset();
    }

    private void Reset()
    {
        _pending.Clear();
        _pendingTail = null;
        _pendingTailSeq = -1;
    }
}
