using Decnet.Engine.Profiler;

namespace Decnet.Storage;

/// <summary>
/// Committed attacker profiles kept in memory so the ingest path does not pay a LiteDB lookup per IP per batch.
/// Coherent because the store is the only writer in the process: commits overwrite entries, and a profile read from
/// the database is only cached if no commit happened while it was being read (the <see cref="Generation"/> check).
/// </summary>
internal sealed class ProfileCache(int capacity)
{
    private readonly Dictionary<string, (AttackerProfile Profile, long LastUse)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private long _clock;
    private long _generation;

    public long Generation
    {
        get { lock (_sync) return _generation; }
    }

    public bool TryGet(string ip, out AttackerProfile profile)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(ip, out var entry))
            {
                _entries[ip] = (entry.Profile, ++_clock);
                profile = entry.Profile;
                return true;
            }
        }
        profile = null!;
        return false;
    }

    /// <summary>Caches a profile read from the database, unless a commit happened since <paramref name="readGeneration"/>.</summary>
    public void AddIfUnchanged(AttackerProfile profile, long readGeneration)
    {
        lock (_sync)
        {
            if (_generation != readGeneration || _entries.ContainsKey(profile.Ip)) return;
            Put(profile);
        }
    }

    /// <summary>Publishes committed profiles.</summary>
    public void Commit(IEnumerable<AttackerProfile> committed)
    {
        lock (_sync)
        {
            _generation++;
            foreach (var p in committed) Put(p);
        }
    }

    private void Put(AttackerProfile profile)
    {
        _entries[profile.Ip] = (profile, ++_clock);
        if (_entries.Count > capacity) EvictLeastRecentQuarter();
    }

    private void EvictLeastRecentQuarter()
    {
        var uses = new long[_entries.Count];
        var i = 0;
        foreach (var e in _entries.Values) uses[i++] = e.LastUse;
        Array.Sort(uses);
        var cutoff = uses[uses.Length / 4];
        foreach (var (ip, e) in _entries.ToArray())
            if (e.LastUse < cutoff) _entries.Remove(ip);
    }
}
