namespace Decnet.Engine.Clustering;

/// <summary>What an incremental update of a level changed: the values whose weight (or commonness) moved; their holders' pairs must be scored again.</summary>
public sealed record LevelChange(List<int> Values);

public sealed partial class LinkLevel
{
    /// <summary>
    /// Follows a <see cref="LevelCounts.Update"/>: recomputes the weights of the values it touched (and, with groups,
    /// recounts the unrelated holders of values held by regrouped units). Weights are step functions of the counts
    /// (<see cref="LinkWeights.Rarity"/>), so with the population in the same step every weight equals what a full link
    /// would compute, and the values whose weight moved are known exactly. A client value (HASSH, version, JA3, user
    /// agent) that became or stopped being common counts as moved (its holders' veto inputs changed); any other weighs 0
    /// on both sides of the common line. The caller links everything again when the population changes step.
    /// </summary>
    /// <param name="groups">With a grouped level: the current group of every unit.</param>
    /// <param name="regrouped">With a grouped level: units whose group changed, and changed units that are not alone in
    /// their group or held values before (the values of other changed units gained a holder of its own: one more unrelated).</param>
    public LevelChange Update(CountsChange counts, IReadOnlyList<int>? groups = null, IReadOnlyCollection<int>? regrouped = null)
    {
        var v = _c.Values.Count;
        if (_weight.Length < v)
        {
            var size = Math.Max(v, _weight.Length * 2);
            Array.Resize(ref _weight, size);
            if (_unrelated is not null) Array.Resize(ref _unrelated, size);
        }
        var before = new Dictionary<int, (float Weight, bool Blocking)>();
        var touched = new List<int>();
        void Touch(int id, int holdersBefore)
        {
            if (before.TryAdd(id, (_weight[id], IsBlocking(_weight[id], holdersBefore)))) touched.Add(id);
        }
        foreach (var id in counts.Touched) Touch(id, counts.HoldersBefore[id]);
        if (_unrelated is { } unrelated && groups is not null)
        {
            // A holder added alone in its group is one more unrelated holder; values of regrouped units are recounted.
            foreach (var id in counts.Touched) unrelated[id] += _c.Holders[id] - counts.HoldersBefore[id];
            var recount = new HashSet<int>();
            if (regrouped is not null)
                foreach (var u in regrouped)
                    foreach (var id in _c.Units[u])
                    {
                        Touch(id, _c.Holders[id]);
                        recount.Add(id);
                    }
            var scratch = new List<long>();
            foreach (var id in recount)
                if (LinkWeights.CountsUnrelated(_c.Holders[id]) && _c.Postings.IsComplete(id)) unrelated[id] = RecountUnrelated(id, groups, scratch);
        }
        var moved = new List<int>();
        foreach (var id in touched)
        {
            var (weight, blocking) = before[id];
            var exact = WeightOf(id);
            var vetoMoved = counts.Flipped.Contains(id) && LinkWeights.IsVetoKind(_c.Values.Kind(id));
            if (exact == weight && IsBlocking(exact, _c.Holders[id]) == blocking && !vetoMoved) continue;
            _weight[id] = exact;
            moved.Add(id);
        }
        return new LevelChange(moved);
    }

    /// <summary>Adds to <paramref name="into"/> every unit holding one of <paramref name="valueIds"/>.</summary>
    public void AddHolders(IEnumerable<int> valueIds, ISet<int> into) => _c.AddHolders(valueIds, into);

    /// <summary>A listed value's holders with the largest group counted once (as <see cref="HoldersOutsideLargestGroup"/>).</summary>
    private int RecountUnrelated(int id, IReadOnlyList<int> groups, List<long> scratch)
    {
        // (group, unit) pairs sorted: duplicates (a unit listed twice) and runs per group fall next to each other.
        scratch.Clear();
        void Add(int u)
        {
            if (Array.BinarySearch(_c.Units[u], id) >= 0) scratch.Add(((long)(u < groups.Count ? groups[u] : u) << 32) | (uint)u);
        }
        foreach (var u in _c.Postings.Built(id)) Add(u);
        if (_c.Postings.Added(id) is { } added) foreach (var u in added) Add(u);
        scratch.Sort();
        int total = 0, largest = 0, run = 0;
        for (var i = 0; i < scratch.Count; i++)
        {
            if (i > 0 && scratch[i] == scratch[i - 1]) continue;
            total++;
            run = i > 0 && scratch[i] >> 32 == scratch[i - 1] >> 32 ? run + 1 : 1;
            largest = Math.Max(largest, run);
        }
        return largest > 1 ? total - (largest - 1) : total;
    }
}
