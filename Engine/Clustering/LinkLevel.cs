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
    private readonly bool[] _public;

    /// <summary>True for a public list's credential or step (see <see cref="PublicListEntries"/>).</summary>
    public bool IsPublicListEntry(int valueId) => _public[valueId];

    /// <summary>Extra score for a pair given the kinds both hold (campaign coordination / hand-off).</summary>
    public Func<int, int, int, double>? Bonus { get; init; }

    /// <param name="groups">Optional group label per unit (units already known to be one actor, e.g. a previous pass's
    /// components): rarity then counts a value's holders per group, i.e. its unrelated holders. Whether a value is common
    /// (held by more than <see cref="LinkWeights.CommonShare"/> of units) always counts units.</param>
    public LinkLevel(IReadOnlyList<int[]> units, ValueTable values, LinkRules rules, IReadOnlyList<int>? groups = null)
    {
        _units = units;
        _values = values;
        _rules = rules;
        var v = values.Count;
        _holders = new int[v];
        foreach (var unit in units)
            foreach (var id in unit) _holders[id]++;
        var unrelated = groups is null ? _holders : HoldersOutsideLargestGroup(units, v, groups);
        var isPublic = _public = PublicListEntries(values, _holders, GroupHolders(units, v, ToolOf(units, values)), units.Count);

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
            var rarity = isPublic[id] || LinkWeights.IsCommon(_holders[id], n) ? 0 : LinkWeights.Rarity(_holders[id], n);
            // A client fingerprint that is not common is a tool's signature even when a big operator holds it.
            if ((FeatureKind)kind is FeatureKind.Hassh or FeatureKind.Ja3) rarity = Math.Sqrt(rarity);
            // With groups, a value weighs at least as much as its rarity among unrelated holders (never less than without).
            if (groups is not null && rarity > 0 && unrelated[id] >= 2) rarity = Math.Max(rarity, LinkWeights.Rarity(unrelated[id], n));
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

    /// <summary>A unit's tool: its first client fingerprint (HASSH), else a tool of its own.</summary>
    private static int[] ToolOf(IReadOnlyList<int[]> units, ValueTable values)
    {
        var n = units.Count;
        var tool = new int[n];
        for (var u = 0; u < n; u++)
        {
            tool[u] = values.Count + u;
            foreach (var id in units[u])
                if (values.Kind(id) == FeatureKind.Hassh) { tool[u] = id; break; }
        }
        return tool;
    }

    /// <summary>Per value, the number of distinct groups holding it.</summary>
    private static int[] GroupHolders(IReadOnlyList<int[]> units, int valueCount, IReadOnlyList<int> groups)
    {
        var n = units.Count;
        // Units ordered by group, so each group's values are counted once (last group seen per value).
        var (keys, order) = UnitsByGroup(n, groups);
        var result = new int[valueCount];
        var last = new int[valueCount];
        Array.Fill(last, -1);
        for (var i = 0; i < n; i++)
        {
            var g = keys[i];
            foreach (var id in units[order[i]])
                if (last[id] != g) { last[id] = g; result[id]++; }
        }
        return result;
    }

    /// <summary>
    /// Credentials of a public list and the steps between them. A list's deep entries are rare only because few walkers
    /// get that far, so two walkers that stopped at the same depth share nothing of their own. A step is a list's order
    /// when different tools walk it: its holders show at least <see cref="LinkWeights.ListStepTools"/> different client
    /// fingerprints. Public: every common credential, every credential tried by <see cref="LinkWeights.ListCredentialTools"/>
    /// different tools, and whatever a public credential leads to by such a step. An
    /// operator's own order (and the private entries it slips in) is walked by one toolkit, so it stays private.
    /// </summary>
    private static bool[] PublicListEntries(ValueTable values, int[] holders, int[] tools, int population)
    {
        var v = values.Count;
        var isPublic = new bool[v];
        bool IsListStep(int step) => tools[step] >= LinkWeights.ListStepTools;
        var outStart = new int[v + 1];
        for (var id = 0; id < v; id++)
            if (holders[id] > 0 && values.StepParts(id, out var from, out _) && IsListStep(id)) outStart[from + 1]++;
        for (var id = 0; id < v; id++) outStart[id + 1] += outStart[id];
        var outSteps = new int[outStart[v]];
        var fill = new int[v];
        for (var id = 0; id < v; id++)
            if (holders[id] > 0 && values.StepParts(id, out var from, out _) && IsListStep(id)) outSteps[outStart[from] + fill[from]++] = id;
        var queue = new Queue<int>();
        for (var id = 0; id < v; id++)
            if (values.Kind(id) == FeatureKind.Credential && (LinkWeights.IsCommon(holders[id], population) || tools[id] >= LinkWeights.ListCredentialTools)) { isPublic[id] = true; queue.Enqueue(id); }
        while (queue.TryDequeue(out var w))
            for (var p = outStart[w]; p < outStart[w + 1]; p++)
            {
                var step = outSteps[p];
                values.StepParts(step, out _, out var x);
                isPublic[step] = true;
                if (!isPublic[x]) { isPublic[x] = true; queue.Enqueue(x); }
            }
        return isPublic;
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
