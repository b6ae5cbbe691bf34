using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>
/// The attacker population in memory (features as value ids) and its identity components. <see cref="LinkAll"/>
/// clusters everything; <see cref="LinkChanged"/> follows the attackers added or changed since the last link: both
/// passes' levels are updated (<see cref="LinkLevel.Update"/>) and only the components touched by those attackers,
/// their link neighbours and the holders of values whose weight moved are linked again.
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
    /// <summary>Values of changed attackers before their change (absent for attackers added since the last link).</summary>
    private readonly Dictionary<int, int[]> _previous = [];
    private LinkLevel? _firstPass;
    private int[] _firstLabels = [];
    private int _linkedPopulation;
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
    /// <summary>What the last incremental link did (for logs and the bench).</summary>
    public IncrementalLinkStats LastIncremental { get; private set; }
    internal LinkLevel? FirstPass => _firstPass;

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

    public void Upsert(string ip, ulong[] keys, DateTimeOffset first, DateTimeOffset last) => Upsert(ip, Values.InternAll(keys), first, last);

    /// <param name="values">Sorted distinct value ids.</param>
    private void Upsert(string ip, int[] values, DateTimeOffset first, DateTimeOffset last)
    {
        if (_index.TryGetValue(ip, out var unit))
        {
            if (unit < _labels.Length) _previous.TryAdd(unit, _units[unit]);
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
        // Before the first link everything is linked anyway: no need to remember a million dirty attackers.
        if (_labels.Length > 0) _dirty.Add(unit);
    }

    /// <summary>
    /// Adds many profiles, extracting features on all cores (keys are interned in order, so ids are deterministic). The
    /// profiles are read once, a chunk at a time, and not kept: a caller streaming them (from the store, from the
    /// simulator) never holds the whole population's profiles.
    /// </summary>
    public void UpsertAll(IEnumerable<AttackerProfile> profiles)
    {
        // Small chunks: a chunk's profiles die young (they stay in the youngest GC generation) and its keys fit in cache.
        const int Chunk = 1 << 12;
        var buffer = new AttackerProfile[Chunk];
        var keys = new ulong[Chunk][];
        var ids = new int[Chunk][];
        var steps = new List<ulong>[Chunk];
        var scratch = new ThreadLocal<List<ulong>>(() => new List<ulong>(256));
        var count = 0;
        foreach (var profile in profiles)
        {
            buffer[count++] = profile;
            if (count == Chunk) { AddChunk(buffer, keys, ids, steps, scratch, count); count = 0; }
        }
        AddChunk(buffer, keys, ids, steps, scratch, count);
        scratch.Dispose();
    }

    private void AddChunk(AttackerProfile[] buffer, ulong[][] keys, int[]?[] ids, List<ulong>[] steps, ThreadLocal<List<ulong>> scratch, int count)
    {
        // Keys and, for attackers whose values are all known already (most, once the first chunks are in), their ids are
        // found on all cores: the value table is only read meanwhile. Only attackers bringing new values intern in order.
        Parallel.For(0, count, i =>
        {
            var list = steps[i] ??= new List<ulong>();
            list.Clear();
            keys[i] = AttackerFeatures.Keys(buffer[i], list, scratch.Value!);
            ids[i] = Values.TryIdsOf(keys[i]);
        });
        for (var i = 0; i < count; i++)
        {
            if (ids[i] is null)
            {
                InternSteps(steps[i]);
                ids[i] = Values.InternAll(keys[i]);
            }
            var p = buffer[i];
            Upsert(p.Ip, ids[i]!, p.FirstSeen, p.LastSeen);
            buffer[i] = null!;
            keys[i] = null!;
            ids[i] = null;
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
        _firstLabels = uf.Labels();
        var level = new LinkLevel(first.Counts, Rules, _firstLabels);
        _edges.AddRange(level.Link(uf));
        _labels = uf.Labels();
        _firstPass = first;
        Level = level;
        _linkedPopulation = _units.Count;
        _dirty.Clear();
        _previous.Clear();
    }

    /// <summary>
    /// Re-links only what the attackers changed since the last link can affect; returns the attackers re-evaluated
    /// (every attacker when it had to link everything: first link, or the population changed
    /// <see cref="LinkWeights.PopulationStep"/>).
    /// </summary>
    public IReadOnlyList<int> LinkChanged()
    {
        var n = _units.Count;
        if (_dirty.Count == 0 && _labels.Length == n) return [];
        if (_firstPass is null || Level is null || LinkWeights.PopulationStep(n) != LinkWeights.PopulationStep(_linkedPopulation)) return RelinkAll();
        var dirty = _dirty.Order().ToArray();
        var previous = dirty.Select(u => _previous.GetValueOrDefault(u)).ToArray();

        // Pass one: update its weights, re-link the first-pass components of the changed attackers, of their neighbours
        // and of the holders of values whose weight moved.
        var counts = _firstPass.Counts.Update(dirty, previous, n);
        var change = _firstPass.Update(counts);
        var oldFirst = Extend(_firstLabels, n);
        var seeds = new HashSet<int>(dirty);
        _firstPass.AddHolders(change.Values, seeds);
        foreach (var d in dirty) seeds.UnionWith(_firstPass.Neighbours(d));
        var region = Members(oldFirst, seeds);
        var uf = Seeded(_regionLinks, oldFirst, region);
        Unmark(region);
        _firstPass.Link(uf, region);
        var firstLabels = uf.Labels();
        // Units whose first-pass group changed, and changed units not alone in theirs or that held values before: the
        // unrelated holders of their values are recounted (a unit added alone is simply one more).
        var regrouped = new HashSet<int>();
        var joinedLabels = new HashSet<int>();
        foreach (var u in region)
        {
            if (firstLabels[u] != oldFirst[u]) regrouped.Add(u);
            if (firstLabels[u] != u) joinedLabels.Add(firstLabels[u]);
        }
        foreach (var d in dirty) if (firstLabels[d] != d || joinedLabels.Contains(d) || _previous.ContainsKey(d)) regrouped.Add(d);

        // Pass two: the grouped weights follow the new first-pass components; re-link the final components touched.
        var change2 = Level.Update(counts, firstLabels, regrouped);
        var old = Extend(_labels, n);
        seeds.UnionWith(regrouped);
        Level.AddHolders(change2.Values, seeds);
        foreach (var d in dirty) seeds.UnionWith(Level.Neighbours(d));
        var affected = Members(old, seeds);
        // The same two passes as LinkAll over the affected components; every other component keeps its members and edges.
        var final = Seeded(_finalLinks, old, affected);
        var kept = _edges.Where(e => !_mark[e.A]).ToList();
        Unmark(affected);
        kept.AddRange(_firstPass.Link(final, affected));
        kept.AddRange(Level.Link(final, affected));
        _edges = kept;
        LastIncremental = new IncrementalLinkStats(dirty.Length, change.Values.Count, region.Count, change2.Values.Count, affected.Count);
        _firstLabels = firstLabels;
        _labels = final.Labels();
        _dirty.Clear();
        _previous.Clear();
        return affected;
    }

    private int[] RelinkAll()
    {
        LinkAll();
        return Enumerable.Range(0, _units.Count).ToArray();
    }

    /// <summary>Labels for <paramref name="n"/> units: a unit not yet labelled is its own component.</summary>
    private static int[] Extend(int[] labels, int n)
    {
        if (labels.Length == n) return labels;
        var result = new int[n];
        Array.Copy(labels, result, Math.Min(labels.Length, n));
        for (var u = labels.Length; u < n; u++) result[u] = u;
        return result;
    }

    /// <summary>Every unit whose label is the label of one of <paramref name="seeds"/>, ascending.</summary>
    private List<int> Members(int[] labels, HashSet<int> seeds)
    {
        var wanted = Mark(labels.Length);
        foreach (var u in seeds) wanted[labels[u]] = true;
        var result = new List<int>();
        for (var u = 0; u < labels.Length; u++) if (wanted[labels[u]]) result.Add(u);
        foreach (var u in seeds) wanted[labels[u]] = false;
        return result;
    }

    /// <summary>
    /// <paramref name="uf"/> reset to the components of <paramref name="labels"/> except those of <paramref name="region"/>,
    /// whose units start alone; <see cref="_mark"/> is left marking the region (cleared by <see cref="Unmark"/>).
    /// </summary>
    private UnionFind Seeded(UnionFind uf, int[] labels, List<int> region)
    {
        var inRegion = Mark(labels.Length);
        foreach (var u in region) inRegion[u] = true;
        uf.Reset(labels.Length);
        for (var u = 0; u < labels.Length; u++)
            if (!inRegion[u] && labels[u] != u) uf.Union(u, labels[u]);
        return uf;
    }

    // Scratch kept between ticks: a flag per attacker, and two union-finds (large at a million attackers).
    private bool[] _mark = [];
    private readonly UnionFind _regionLinks = new(0);
    private readonly UnionFind _finalLinks = new(0);

    private bool[] Mark(int n)
    {
        if (_mark.Length < n) _mark = new bool[Math.Max(n, _mark.Length + _mark.Length / 4)];
        return _mark;
    }

    private void Unmark(List<int> units)
    {
        foreach (var u in units) _mark[u] = false;
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
