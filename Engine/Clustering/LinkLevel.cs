namespace Decnet.Engine.Clustering;

/// <summary>How one level (identities over attackers, campaigns over identities) weighs evidence.</summary>
public sealed record LinkRules(Func<FeatureKind, double> Weight, Func<FeatureKind, double> Cap, double Threshold, bool FingerprintVeto);

/// <summary>
/// One linking problem: units (attackers or identities), each a sorted array of value ids. Computes each value's
/// holders and weight over this population, an inverted index over the rare values (blocking), and the edges that
/// pass the threshold, joined by union-find. Never compares all pairs.
/// </summary>
public sealed class LinkLevel
{
    private readonly IReadOnlyList<int[]> _units;
    private readonly ValueTable _values;
    private readonly LinkRules _rules;
    private readonly int[] _holders;
    private readonly float[] _weight;
    private readonly double[] _cap = new double[FeatureKinds.Count];
    private readonly ushort[] _hasKind;
    private readonly int[] _postingStart;
    private readonly int[] _postings;

    /// <summary>Extra score for a pair given the kinds both hold (campaign coordination / hand-off).</summary>
    public Func<int, int, int, double>? Bonus { get; init; }

    public LinkLevel(IReadOnlyList<int[]> units, ValueTable values, LinkRules rules)
    {
        _units = units;
        _values = values;
        _rules = rules;
        var v = values.Count;
        _holders = new int[v];
        foreach (var unit in units)
            foreach (var id in unit) _holders[id]++;

        var n = units.Count;
        var kindWeight = new double[FeatureKinds.Count];
        for (var k = 0; k < FeatureKinds.Count; k++) { kindWeight[k] = rules.Weight((FeatureKind)k); _cap[k] = rules.Cap((FeatureKind)k); }
        _weight = new float[v];
        var kinds = new byte[v];
        for (var id = 0; id < v; id++)
        {
            var kind = (int)values.Kind(id);
            kinds[id] = (byte)kind;
            var w = kindWeight[kind];
            var rarity = LinkWeights.Rarity(_holders[id], n);
            // A client fingerprint that is not common is a tool's signature even when a big operator holds it.
            if ((FeatureKind)kind is FeatureKind.Hassh or FeatureKind.Ja3) rarity = Math.Sqrt(rarity);
            _weight[id] = w == 0 ? 0f : (float)(w * rarity);
        }

        // Veto inputs: the kinds of which a unit holds a non-common value.
        _hasKind = new ushort[n];
        for (var u = 0; u < n; u++)
        {
            ushort mask = 0;
            foreach (var id in units[u])
            {
                var kind = (FeatureKind)kinds[id];
                if (LinkWeights.IsCommon(_holders[id], n)) continue;
                mask |= (ushort)(1 << (int)kind);
            }
            _hasKind[u] = mask;
        }

        // Blocking: postings (CSR) for weighed values held by 2..PostingCap units.
        _postingStart = new int[v + 1];
        for (var id = 0; id < v; id++)
            _postingStart[id + 1] = _postingStart[id] + (IsBlockingKey(id) ? _holders[id] : 0);
        _postings = new int[_postingStart[v]];
        var fill = new int[v];
        for (var u = 0; u < n; u++)
            foreach (var id in units[u])
                if (IsBlockingKey(id)) _postings[_postingStart[id] + fill[id]++] = u;
    }

    public int UnitCount => _units.Count;
    public int Holders(int valueId) => _holders[valueId];
    public double Weight(int valueId) => _weight[valueId];
    public ValueTable Values => _values;

    /// <summary>Candidate pairs the index would hand out, counted (for the bench).</summary>
    public long PostingEntries => _postings.Length;

    private bool IsBlockingKey(int id) => _weight[id] >= LinkWeights.BlockingMinWeight && _holders[id] >= 2 && _holders[id] <= LinkWeights.PostingCap;

    /// <summary>The pair's score (0 when vetoed) and whether the veto fired.</summary>
    public double Score(int a, int b, out bool vetoed)
    {
        // Per kind, the three heaviest shared values count 1, 1/2, 1/4: many weakly rare values (a public list's
        // middle) cannot pile up into a link, a few rare ones (private credentials) still do.
        Span<double> top = stackalloc double[FeatureKinds.Count * 3];
        var shared = 0;
        var sharedRare = 0;
        var x = _units[a];
        var y = _units[b];
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var vx = x[i];
            var vy = y[j];
            if (vx < vy) i++;
            else if (vx > vy) j++;
            else
            {
                var kind = (int)_values.Kind(vx);
                shared |= 1 << kind;
                if (!LinkWeights.IsCommon(_holders[vx], _units.Count)) sharedRare |= 1 << kind;
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
    /// The contradiction veto: both hold a non-common HASSH and share none, and they share no non-common client version
    /// (a common banner agrees with everyone, so it cannot vouch for a pair); likewise JA3 with the user agent.
    /// </summary>
    private bool Disagree(int a, int b, int sharedRare)
    {
        var both = _hasKind[a] & _hasKind[b];
        bool Differs(FeatureKind k) => (both & (1 << (int)k)) != 0 && (sharedRare & (1 << (int)k)) == 0;
        bool Agrees(FeatureKind k) => (sharedRare & (1 << (int)k)) != 0;
        return (Differs(FeatureKind.Hassh) && !Agrees(FeatureKind.SshVersion)) || (Differs(FeatureKind.Ja3) && !Agrees(FeatureKind.UserAgent));
    }

    /// <summary>
    /// Unions every candidate pair (from the index) that passes the threshold. With <paramref name="only"/>, only pairs
    /// inside that set. Pairs already in one component are not scored (only components matter), so the returned edges
    /// are a spanning forest: the evidence that joined each component.
    /// </summary>
    public List<LinkEdge> Link(UnionFind uf, IReadOnlyList<int>? only = null)
    {
        var n = _units.Count;
        bool[]? inside = null;
        if (only != null)
        {
            inside = new bool[n];
            foreach (var u in only) inside[u] = true;
        }
        var stamp = new int[n];
        Array.Fill(stamp, -1);
        var edges = new List<LinkEdge>();
        var count = only?.Count ?? n;
        for (var index = 0; index < count; index++)
        {
            var a = only?[index] ?? index;
            foreach (var id in _units[a])
            {
                var end = _postingStart[id + 1];
                for (var p = _postingStart[id]; p < end; p++)
                {
                    var b = _postings[p];
                    if (b <= a) continue;
                    if (stamp[b] == a) continue;
                    stamp[b] = a;
                    if (inside != null && !inside[b]) continue;
                    if (uf.Find(a) == uf.Find(b)) continue;
                    var score = Score(a, b, out _);
                    if (score >= _rules.Threshold && uf.Union(a, b)) edges.Add(new LinkEdge(a, b, score));
                }
            }
        }
        return edges;
    }

    /// <summary>The units that pass the threshold with <paramref name="a"/> (through the index).</summary>
    public IEnumerable<int> Neighbours(int a)
    {
        var seen = new HashSet<int>();
        foreach (var id in _units[a])
            for (var p = _postingStart[id]; p < _postingStart[id + 1]; p++)
            {
                var b = _postings[p];
                if (b == a || !seen.Add(b)) continue;
                if (Score(a, b, out _) >= _rules.Threshold) yield return b;
            }
    }

    /// <summary>Reference: scores every pair (O(n²)); same components as <see cref="Link"/>.</summary>
    public int[] LinkAllPairs()
    {
        var n = _units.Count;
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
        var x = _units[a];
        var y = _units[b];
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
