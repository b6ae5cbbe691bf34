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
    public void Upsert(AttackerProfile profile)
    {
        var steps = new List<ulong>();
        var keys = AttackerFeatures.Keys(profile, steps);
        InternSteps(steps);
        Upsert(profile.Ip, keys, profile.FirstSeen, profile.LastSeen);
    }

    private void InternSteps(List<ulong> steps)
    {
        for (var i = 0; i + 2 < steps.Count; i += 3) Values.InternStep(steps[i], steps[i + 1], steps[i + 2]);
    }

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

    /// <summary>
    /// Adds many profiles, extracting features on all cores (keys are interned in order, so ids are deterministic). The
    /// profiles are read once, a chunk at a time, and not kept: a caller streaming them (from the store, from the
    /// simulator) never holds the whole population's profiles.
    /// </summary>
    public void UpsertAll(IEnumerable<AttackerProfile> profiles)
    {
        const int Chunk = 1 << 14;
        var buffer = new AttackerProfile[Chunk];
        var keys = new ulong[Chunk][];
        var steps = new List<ulong>[Chunk];
        var count = 0;
        foreach (var profile in profiles)
        {
            buffer[count++] = profile;
            if (count == Chunk) { AddChunk(buffer, keys, steps, count); count = 0; }
        }
        AddChunk(buffer, keys, steps, count);
    }

    private void AddChunk(AttackerProfile[] buffer, ulong[][] keys, List<ulong>[] steps, int count)
    {
        Parallel.For(0, count, i =>
        {
            var list = steps[i] ??= new List<ulong>();
            list.Clear();
            keys[i] = AttackerFeatures.Keys(buffer[i], list);
        });
        for (var i = 0; i < count; i++)
        {
            InternSteps(steps[i]);
            var p = buffer[i];
            Upsert(p.Ip, keys[i], p.FirstSeen, p.LastSeen);
            buffer[i] = null!;
            keys[i] = null!;
        }
    }

    /// <summary>Clusters every attacker from scratch.</summary>
    public void LinkAll()
    {
        // Two passes: the second counts a value's holders per first-pass identity (unrelated holders), so values an
        // operator's many IPs share are rare again and its stragglers join, and tells a public list's order (walked by
        // many unrelated attackers) from an operator's own. Second-pass weights are never below first-pass ones, so it only adds links.
        var first = new LinkLevel(_units, Values, Rules);
        var uf = new UnionFind(_units.Count);
        _edges = first.Link(uf);
        var level = new LinkLevel(_units, Values, Rules, uf.Labels());
        _edges.AddRange(level.Link(uf));
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
        var old = new int[n];
        for (var u = 0; u < n; u++) old[u] = u < _labels.Length ? _labels[u] : u;
        var first = new LinkLevel(_units, Values, Rules);

        // Affected: the old components of the changed attackers and of everything that now links to one.
        var touchedLabels = new HashSet<int>();
        foreach (var d in _dirty)
        {
            touchedLabels.Add(old[d]);
            foreach (var b in first.Neighbours(d)) touchedLabels.Add(old[b]);
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
        // The same two passes as LinkAll, over the affected attackers only.
        kept.AddRange(first.Link(uf, affected));
        var level = new LinkLevel(_units, Values, Rules, uf.Labels());
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
