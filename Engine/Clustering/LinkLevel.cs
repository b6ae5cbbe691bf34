namespace Decnet.Engine.Clustering;

/// <summary>How one level (identities over attackers, campaigns over identities) weighs evidence.</summary>
public sealed record LinkRules(Func<FeatureKind, double> Weight, Func<FeatureKind, double> Cap, double Threshold, bool FingerprintVeto);

/// <summary>
/// One linking problem: units (attackers or identities), each a sorted array of value ids. Computes each value's
/// holders and weight over this population, an inverted index over the rare values (blocking), and the edges that
/// pass the threshold, joined by union-find. Never compares all pairs. A full build counts everything once;
/// <see cref="Update"/> then follows added or changed units without recounting the population.
/// </summary>
public sealed partial class LinkLevel
{
    private readonly LevelCounts _c;
    private readonly LinkRules _rules;
    private readonly double[] _kindWeight = new double[FeatureKinds.Count];
    private readonly double[] _cap = new double[FeatureKinds.Count];
    private int[]? _unrelated;
    private float[] _weight;
    // Link's per-unit scratch, kept between calls (large at a million units).
    private int[] _stamp = [];
    private bool[] _inside = [];

    /// <summary>True for a public list's credential or step (see <see cref="PublicListEntries"/>).</summary>
    public bool IsPublicListEntry(int valueId) => _c.Public[valueId];

    /// <summary>Extra score for a pair given the kinds both hold (campaign coordination / hand-off).</summary>
    public Func<int, int, int, double>? Bonus { get; init; }

    /// <param name="units">The units; the level keeps this list and reads units appended to it later (<see cref="Update"/>).</param>
    /// <param name="groups">Optional group label per unit (units already known to be one actor, e.g. a previous pass's
    /// components): rarity then counts a value's holders per group, i.e. its unrelated holders. Whether a value is common
    /// (held by more than <see cref="LinkWeights.CommonShare"/> of units) always counts units.</param>
    /// <param name="population">The number of units rarity counts (default: all; fewer when some units are empty slots).</param>
    public LinkLevel(IReadOnlyList<int[]> units, ValueTable values, LinkRules rules, IReadOnlyList<int>? groups = null, int? population = null)
        : this(new LevelCounts(units, values, population), rules, groups)
    {
    }

    /// <summary>A level over counts another level (pass) already holds: only the weights are its own.</summary>
    public LinkLevel(LevelCounts counts, LinkRules rules, IReadOnlyList<int>? groups = null)
    {
        _c = counts;
        _rules = rules;
        for (var k = 0; k < FeatureKinds.Count; k++) { _kindWeight[k] = rules.Weight((FeatureKind)k); _cap[k] = rules.Cap((FeatureKind)k); }
        var v = counts.Values.Count;
        if (groups is not null) _unrelated = HoldersOutsideLargestGroup(counts.Units, v, groups);
        _weight = new float[v];
        for (var id = 0; id < v; id++) _weight[id] = WeightOf(id);
    }

    public LevelCounts Counts => _c;

    /// <summary>A value's weight from its holders: kind weight × rarity (see <see cref="LinkWeights"/>).</summary>
    private float WeightOf(int id)
    {
        var kind = _c.Values.Kind(id);
        var w = _kindWeight[(int)kind];
        if (w == 0) return 0f;
        var rarity = _c.Public[id] || _c.IsCommon(id) ? 0 : LinkWeights.Rarity(_c.Holders[id], _c.Population);
        // A client fingerprint that is not common is a tool's signature even when a big operator holds it.
        if (kind is FeatureKind.Hassh or FeatureKind.Ja3) rarity = Math.Sqrt(rarity);
        // With groups, a value weighs at least as much as its rarity among unrelated holders (never less than without).
        if (_unrelated is { } unrelated && rarity > 0 && unrelated[id] >= 2 && LinkWeights.CountsUnrelated(_c.Holders[id])) rarity = Math.Max(rarity, LinkWeights.Rarity(unrelated[id], _c.Population));
        return (float)(w * rarity);
    }

    /// <summary>
    /// Per value, its holders with the largest group holding it counted once: an operator's many IPs are one holder, so
    /// the value it shares with a straggler of its own is rare; values split between several groups keep their count.
    /// </summary>
    private static int[] HoldersOutsideLargestGroup(IReadOnlyList<int[]> units, int valueCount, IReadOnlyList<int> groups)
    {
        var n = units.Count;
        var (keys, order) = UnitsByGroup(n, groups);
        var holders = new int[valueCount];
        var last = new int[valueCount];
        var run = new int[valueCount];
        var largest = new int[valueCount];
        Array.Fill(last, -1);
        for (var i = 0; i < n; i++)
        {
            var g = keys[i];
            foreach (var id in units[order[i]])
            {
                holders[id]++;
                if (last[id] != g) { last[id] = g; run[id] = 0; }
                if (++run[id] > largest[id]) largest[id] = run[id];
            }
        }
        for (var id = 0; id < valueCount; id++)
            if (largest[id] > 1) holders[id] -= largest[id] - 1;
        return holders;
    }

    /// <summary>Unit numbers sorted by their group (a unit past the end of <paramref name="groups"/> is its own group).</summary>
    private static (int[] Keys, int[] Order) UnitsByGroup(int n, IReadOnlyList<int> groups)
    {
        var order = new int[n];
        var keys = new int[n];
        for (var u = 0; u < n; u++)
        {
            order[u] = u;
            keys[u] = u < groups.Count ? groups[u] : u;
        }
        Array.Sort(keys, order);
        return (keys, order);
    }

    public int UnitCount => _c.Units.Count;
    public int Holders(int valueId) => _c.Holders[valueId];
    public double Weight(int valueId) => _weight[valueId];
    public ValueTable Values => _c.Values;

    /// <summary>Entries of the inverted index (for the bench and tests).</summary>
    public long PostingEntries => _c.Postings.Entries;
    public int Population => _c.Population;

    private bool IsBlockingKey(int id) => IsBlocking(_weight[id], _c.Holders[id]);

    private static bool IsBlocking(float weight, int holders) => weight >= LinkWeights.BlockingMinWeight && holders >= 2 && holders <= LinkWeights.PostingCap;

    /// <summary>The pair's score (0 when vetoed) and whether the veto fired.</summary>
    public double Score(int a, int b, out bool vetoed)
    {
        // Per kind, the three heaviest shared values count 1, 1/2, 1/4: many weakly rare values (a public list's
        // middle) cannot pile up into a link, a few rare ones (private credentials) still do.
        Span<double> top = stackalloc double[FeatureKinds.Count * 3];
        var shared = 0;
        var sharedRare = 0;
        var x = _c.Units[a];
        var y = _c.Units[b];
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var vx = x[i];
            var vy = y[j];
            if (vx < vy) i++;
            else if (vx > vy) j++;
            else
            {
                var kind = (int)_c.Values.Kind(vx);
                shared |= 1 << kind;
                if (!_c.IsCommon(vx)) sharedRare |= 1 << kind;
                double w = _weight[vx];
                var t = top.Slice(kind * 3, 3);
                if (w > t[0]) { t[2] = t[1]; t[1] = t[0]; t[0] = w; }
                else if (w > t[1]) { t[2] = t[1]; t[1] = w; }
                else if (w > t[2]) t[2] = w;
                i++;
                j++;
            }
        }
        Span<double> sums = stackalloc double[FeatureKinds.Count];
        for (var k = 0; k < sums.Length; k++) sums[k] = top[k * 3] + top[k * 3 + 1] * 0.5 + top[k * 3 + 2] * 0.25;
        double score = 0;
        for (var k = 0; k < sums.Length; k++) score += Math.Min(sums[k], _cap[k]);
        if (Bonus is { } bonus && score > 0) score += bonus(a, b, shared);
        vetoed = _rules.FingerprintVeto && Disagree(a, b, sharedRare);
        return vetoed ? 0 : score;
    }

    /// <summary>
    /// The contradiction veto: both hold a non-common HASSH and share none; likewise JA3. A shared client version does
    /// not lift it: a banner is the SSH library's string (a handful of them cover every tool built on one library), so two
    /// operators whose own tools differ still share it; the algorithm lists are the tool's own.
    /// </summary>
    private bool Disagree(int a, int b, int sharedRare)
    {
        var both = _c.HasKind[a] & _c.HasKind[b];
        bool Differs(FeatureKind k) => (both & (1 << (int)k)) != 0 && (sharedRare & (1 << (int)k)) == 0;
        return Differs(FeatureKind.Hassh) || Differs(FeatureKind.Ja3);
    }

    /// <summary>
    /// Unions every candidate pair (from the index) that passes the threshold. With <paramref name="only"/>, only pairs
    /// inside that set. Pairs already in one component are not scored (only components matter), so the returned edges
    /// are a spanning forest: the evidence that joined each component.
    /// </summary>
    public List<LinkEdge> Link(UnionFind uf, IReadOnlyList<int>? only = null)
    {
        var n = _c.Units.Count;
        if (_stamp.Length < n)
        {
            _stamp = new int[Math.Max(n, _stamp.Length + _stamp.Length / 4)];
            _inside = new bool[_stamp.Length];
        }
        var stamp = _stamp;
        Array.Fill(stamp, -1, 0, n);
        bool[]? inside = null;
        if (only != null)
        {
            inside = _inside;
            foreach (var u in only) inside[u] = true;
        }
        var edges = new List<LinkEdge>();
        var count = only?.Count ?? n;
        void Consider(int a, int b)
        {
            if (b <= a || stamp[b] == a) return;
            stamp[b] = a;
            if (inside != null && !inside[b]) return;
            if (uf.Find(a) == uf.Find(b)) return;
            var score = Score(a, b, out _);
            if (score >= _rules.Threshold && uf.Union(a, b)) edges.Add(new LinkEdge(a, b, score));
        }
        for (var index = 0; index < count; index++)
        {
            var a = only?[index] ?? index;
            foreach (var id in _c.Units[a])
            {
                if (!IsBlockingKey(id)) continue;
                foreach (var b in _c.Postings.Built(id)) Consider(a, b);
                if (_c.Postings.Added(id) is { } added) foreach (var b in added) Consider(a, b);
            }
        }
        if (inside != null) foreach (var u in only!) inside[u] = false;
        return edges;
    }

    /// <summary>The units that pass the threshold with <paramref name="a"/> (through the index).</summary>
    public List<int> Neighbours(int a)
    {
        var seen = new HashSet<int>();
        var result = new List<int>();
        void Consider(int b)
        {
            if (b != a && seen.Add(b) && Score(a, b, out _) >= _rules.Threshold) result.Add(b);
        }
        foreach (var id in _c.Units[a])
        {
            if (!IsBlockingKey(id)) continue;
            foreach (var b in _c.Postings.Built(id)) Consider(b);
            if (_c.Postings.Added(id) is { } added) foreach (var b in added) Consider(b);
        }
        return result;
    }

    /// <summary>Reference: scores every pair (O(n²)); same components as <see cref="Link"/>.</summary>
    public int[] LinkAllPairs()
    {
        var n = _c.Units.Count;
        var uf = new UnionFind(n);
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++)
                if (Score(a, b, out _) >= _rules.Threshold) uf.Union(a, b);
        return uf.Labels();
    }

    /// <summary>The shared values of a pair with their weights, heaviest first (what `show` explains a link with).</summary>
    public List<(int ValueId, double Weight)> SharedEvidence(int a, int b)
    {
        var result = new List<(int, double)>();
        var x = _c.Units[a];
        var y = _c.Units[b];
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] < y[j]) i++;
            else if (x[i] > y[j]) j++;
            else
            {
                if (_weight[x[i]] > 0) result.Add((x[i], _weight[x[i]]));
                i++;
                j++;
            }
        }
        result.Sort((p, q) => q.Item2.CompareTo(p.Item2));
        return result;
    }
}
