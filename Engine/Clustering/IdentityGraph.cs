using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>
/// The attacker population in memory (features as value ids) and its identity components. <see cref="LinkAll"/>
/// clusters everything; <see cref="LinkChanged"/> re-evaluates only the components touched by attackers added or
/// changed since the last link (value weights are recomputed, pairs elsewhere keep their last verdict until the next
/// full link).
/// </summary>
public sealed class IdentityGraph
{
    public static readonly LinkRules Rules = new(LinkWeights.Identity, LinkWeights.IdentityCap, LinkWeights.IdentityThreshold, FingerprintVeto: true);

    private readonly List<string> _ips = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<int[]> _units = [];
    private readonly List<long> _first = [];
    private readonly List<long> _last = [];
    private readonly HashSet<int> _dirty = [];
    private int[] _labels = [];
    private List<LinkEdge> _edges = [];

    public ValueTable Values { get; } = new(4096);
    public int Count => _ips.Count;
    public string Ip(int unit) => _ips[unit];
    public int[] UnitValues(int unit) => _units[unit];
    public DateTimeOffset FirstSeen(int unit) => new(_first[unit], TimeSpan.Zero);
    public DateTimeOffset LastSeen(int unit) => new(_last[unit], TimeSpan.Zero);
    public bool TryIndex(string ip, out int unit) => _index.TryGetValue(ip, out unit);
    /// <summary>Component label per attacker (the smallest member index), after the last link.</summary>
    public IReadOnlyList<int> Labels => _labels;
    /// <summary>The edges that joined the components (a spanning forest), after the last link.</summary>
    public IReadOnlyList<LinkEdge> Edges => _edges;
    /// <summary>The weights of the last link.</summary>
    public LinkLevel? Level { get; private set; }
    public bool HasPending => _dirty.Count > 0;

    /// <summary>Adds or replaces an attacker's features; it is re-evaluated on the next <see cref="LinkChanged"/>.</summary>
    public void Upsert(AttackerProfile profile) => Upsert(profile.Ip, AttackerFeatures.Keys(profile), profile.FirstSeen, profile.LastSeen);

    public void Upsert(string ip, ulong[] keys, DateTimeOffset first, DateTimeOffset last)
    {
        var values = Values.InternAll(keys);
        if (_index.TryGetValue(ip, out var unit))
        {
            _units[unit] = values;
            _first[unit] = first.UtcTicks;
            _last[unit] = last.UtcTicks;
        }
        else
        {
            unit = _ips.Count;
            _index.Add(ip, unit);
            _ips.Add(ip);
            _units.Add(values);
            _first.Add(first.UtcTicks);
            _last.Add(last.UtcTicks);
        }
        _dirty.Add(unit);
    }

    /// <summary>Adds many profiles, extracting features on all cores (keys are interned in order, so ids are deterministic).</summary>
    public void UpsertAll(IReadOnlyList<AttackerProfile> profiles)
    {
        var keys = new ulong[profiles.Count][];
        Parallel.For(0, profiles.Count, i => keys[i] = AttackerFeatures.Keys(profiles[i]));
        for (var i = 0; i < profiles.Count; i++) Upsert(profiles[i].Ip, keys[i], profiles[i].FirstSeen, profiles[i].LastSeen);
    }

    /// <summary>Clusters every attacker from scratch.</summary>
    public void LinkAll()
    {
        var level = new LinkLevel(_units, Values, Rules);
        var uf = new UnionFind(_units.Count);
        _edges = level.Link(uf);
        _labels = uf.Labels();
        Level = level;
        _dirty.Clear();
    }

    /// <summary>Re-links only the components touched by changed attackers; returns the attackers re-evaluated.</summary>
    public IReadOnlyList<int> LinkChanged()
    {
        var n = _units.Count;
        if (_labels.Length == 0 && n > 0 || _dirty.Count == 0 && _labels.Length == n)
        {
            if (_labels.Length == 0 && n > 0) { LinkAll(); return Enumerable.Range(0, n).ToArray(); }
            return [];
        }
        var level = new LinkLevel(_units, Values, Rules);
        var old = new int[n];
        for (var u = 0; u < n; u++) old[u] = u < _labels.Length ? _labels[u] : u;

        // Affected: the old components of the changed attackers and of everything that now links to one.
        var touchedLabels = new HashSet<int>();
        foreach (var d in _dirty)
        {
            touchedLabels.Add(old[d]);
            foreach (var b in level.Neighbours(d)) touchedLabels.Add(old[b]);
        }
        var affected = new List<int>();
        var uf = new UnionFind(n);
        for (var u = 0; u < n; u++)
        {
            if (touchedLabels.Contains(old[u])) affected.Add(u);
            else if (old[u] != u) uf.Union(u, old[u]);
        }
        var inAffected = new bool[n];
        foreach (var u in affected) inAffected[u] = true;
        var kept = _edges.Where(e => !inAffected[e.A] && !inAffected[e.B]).ToList();
        kept.AddRange(level.Link(uf, affected));
        _edges = kept;
        _labels = uf.Labels();
        Level = level;
        _dirty.Clear();
        return affected;
    }

    /// <summary>Members per component label (attacker indices, ascending), for the given labels or all.</summary>
    public Dictionary<int, List<int>> Components(IReadOnlyCollection<int>? labels = null)
    {
        var wanted = labels is null ? null : new HashSet<int>(labels);
        var result = new Dictionary<int, List<int>>();
        for (var u = 0; u < _labels.Length; u++)
        {
            var label = _labels[u];
            if (wanted != null && !wanted.Contains(label)) continue;
            if (!result.TryGetValue(label, out var list)) result[label] = list = [];
            list.Add(u);
        }
        return result;
    }
}
