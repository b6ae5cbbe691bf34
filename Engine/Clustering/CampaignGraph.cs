namespace Decnet.Engine.Clustering;

/// <summary>
/// Campaigns over the identity components of an <see cref="IdentityGraph"/>, kept across ticks. Each identity is a
/// campaign-level unit in the slot of its smallest attacker (its label); other slots are empty. <see cref="LinkAll"/>
/// links every identity; <see cref="LinkChanged"/> follows the identities re-formed by an identity tick: their slots
/// are rewritten, the level updated (<see cref="LinkLevel.Update"/>) and only the campaigns they, their neighbours
/// and the holders of values whose weight moved belong to are linked again.
/// </summary>
public sealed class CampaignGraph(IdentityGraph graph)
{
    private readonly List<int[]> _slots = [];
    private readonly List<long> _first = [];
    private readonly List<long> _last = [];
    private readonly List<int> _scratch = new(64);
    private int _live;
    private int _linkedPopulation;
    private int[] _labels = [];
    private List<LinkEdge> _edges = [];

    /// <summary>The weights of the last link (units are identity slots).</summary>
    public LinkLevel? Level { get; private set; }
    /// <summary>Campaign label (smallest slot of the campaign) per slot; meaningful for slots that are identity labels.</summary>
    public IReadOnlyList<int> Labels => _labels;
    public IReadOnlyList<LinkEdge> Edges => _edges;

    public void LinkAll()
    {
        var n = graph.Count;
        _slots.Clear(); _first.Clear(); _last.Clear();
        for (var s = 0; s < n; s++) { _slots.Add([]); _first.Add(0); _last.Add(0); }
        _live = 0;
        foreach (var (label, members) in graph.Components())
        {
            Fill(label, members);
            _live++;
        }
        Level = new LinkLevel(_slots, graph.Values, CampaignLinking.Rules, population: _live) { Bonus = CampaignLinking.Bonus(_first, _last) };
        var uf = new UnionFind(n);
        _edges = Level.Link(uf);
        _labels = uf.Labels();
        _linkedPopulation = _live;
    }

    /// <summary>Follows an identity tick.</summary>
    /// <param name="before">Identity label per attacker before the tick (attackers added since have none).</param>
    /// <param name="reevaluated">The attackers the identity tick re-evaluated (whole components, ascending).</param>
    /// <returns>The slots whose campaign was re-evaluated.</returns>
    public IReadOnlyList<int> LinkChanged(IReadOnlyList<int> before, IReadOnlyList<int> reevaluated)
    {
        var n = graph.Count;
        if (Level is null || reevaluated.Count == n) { LinkAll(); return Enumerable.Range(0, n).ToArray(); }
        while (_slots.Count < n) { _slots.Add([]); _first.Add(0); _last.Add(0); }
        var labels = graph.Labels;
        // Slots rewritten: the old identities of the re-evaluated attackers (emptied) and their new identities (refilled).
        var changed = new SortedSet<int>();
        var members = new Dictionary<int, List<int>>();
        foreach (var u in reevaluated)
        {
            if (u < before.Count) changed.Add(before[u]);
            var label = labels[u];
            changed.Add(label);
            if (!members.TryGetValue(label, out var list)) members[label] = list = [];
            list.Add(u);
        }
        var slots = changed.ToArray();
        var previous = new int[]?[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            var s = slots[i];
            previous[i] = _slots[s];
            if (s < before.Count && before[s] == s) _live--;
            if (members.TryGetValue(s, out var m)) { Fill(s, m); _live++; }
            else { _slots[s] = []; _first[s] = 0; _last[s] = 0; }
        }
        if (LinkWeights.PopulationStep(_live) != LinkWeights.PopulationStep(_linkedPopulation)) { LinkAll(); return Enumerable.Range(0, n).ToArray(); }
        var change = Level.Update(Level.Counts.Update(slots, previous, _live));

        var old = Extend(_labels, n);
        var seeds = new HashSet<int>(slots);
        Level.AddHolders(change.Values, seeds);
        foreach (var s in slots) if (_slots[s].Length > 0) seeds.UnionWith(Level.Neighbours(s));
        var mark = Mark(n);
        foreach (var s in seeds) mark[old[s]] = true;
        var affected = new List<int>();
        var uf = _links;
        uf.Reset(n);
        for (var s = 0; s < n; s++)
        {
            if (mark[old[s]]) affected.Add(s);
            else if (old[s] != s) uf.Union(s, old[s]);
        }
        foreach (var s in seeds) mark[old[s]] = false;
        foreach (var s in affected) mark[s] = true;
        var kept = _edges.Where(e => !mark[e.A]).ToList();
        foreach (var s in affected) mark[s] = false;
        kept.AddRange(Level.Link(uf, affected));
        _edges = kept;
        _labels = uf.Labels();
        return affected;
    }

    // Scratch kept between ticks (large at a million slots).
    private bool[] _mark = [];
    private readonly UnionFind _links = new(0);

    private bool[] Mark(int n)
    {
        if (_mark.Length < n) _mark = new bool[Math.Max(n, _mark.Length + _mark.Length / 4)];
        return _mark;
    }

    private static int[] Extend(int[] labels, int n)
    {
        if (labels.Length == n) return labels;
        var result = new int[n];
        Array.Copy(labels, result, Math.Min(labels.Length, n));
        for (var s = labels.Length; s < n; s++) result[s] = s;
        return result;
    }

    private void Fill(int slot, IReadOnlyList<int> members)
    {
        _slots[slot] = CampaignLinking.UnitOf(graph, members, _scratch, out var first, out var last);
        _first[slot] = first;
        _last[slot] = last;
    }
}
