namespace Decnet.Engine.Clustering;

/// <summary>What an incremental update of a level changed: the values whose weight (or commonness) moved; their holders' pairs must be scored again.</summary>
public sealed record LevelChange(List<int> Values);

public sealed partial class LinkLevel
{
    /// <summary>
    /// Follows units added or changed since the last build or update, touching only their values: holders and tools are
    /// counted on, the inverted index appended to, public list entries re-derived (linear in values, not in units) and
    /// the weights of the touched values recomputed. Weights are step functions of the counts (<see cref="LinkWeights.Rarity"/>),
    /// so with the population in the same step every weight equals what a full link would compute, and the values whose
    /// weight moved are known exactly. A value that becomes or stops being common changes the veto inputs of its
    /// holders: it counts as moved. The caller links everything again when the population changes step.
    /// </summary>
    /// <param name="changed">Units added or whose values changed (indices into the unit list, which may have grown).</param>
    /// <param name="previous">Per changed unit, its values before (null for a new unit).</param>
    /// <param name="population">The number of units rarity counts now.</param>
    /// <param name="groups">With a grouped level: the current group of every unit.</param>
    /// <param name="regrouped">With a grouped level: units whose group changed (their values' unrelated holders are recounted).</param>
    public LevelChange Update(IReadOnlyList<int> changed, IReadOnlyList<int[]?> previous, int population,
        IReadOnlyList<int>? groups = null, IReadOnlyCollection<int>? regrouped = null)
    {
        var v = _values.Count;
        Grow(v, _units.Count);
        var oldPopulation = _population;
        _population = population;
        var before = new Dictionary<int, (float Weight, bool Blocking, int Holders)>();
        var touched = new List<int>();
        void Touch(int id)
        {
            if (before.TryAdd(id, (_weight[id], IsBlockingKey(id), _holders[id]))) touched.Add(id);
        }
        for (var i = 0; i < changed.Count; i++)
        {
            var u = changed[i];
            var now = _units[u];
            var old = previous[i] ?? [];
            var tool = ValueTools.ToolOf(now, u, _values);
            int a = 0, b = 0;
            while (a < old.Length || b < now.Length)
            {
                if (b == now.Length || (a < old.Length && old[a] < now[b]))
                {
                    var id = old[a++];
                    Touch(id);
                    _holders[id]--;
                }
                else if (a == old.Length || now[b] < old[a])
                {
                    var id = now[b++];
                    Touch(id);
                    _holders[id]++;
                    _tools.Add(id, tool);
                    _postings.Add(id, u, _holders[id]);
                }
                else { a++; b++; }
            }
        }
        if (_unrelated is { } unrelated && groups is not null)
        {
            foreach (var id in touched) unrelated[id] += _holders[id] - before[id].Holders;
            if (regrouped is not null)
                foreach (var u in regrouped)
                    foreach (var id in _units[u]) Touch(id);
            foreach (var id in touched)
                if (LinkWeights.CountsUnrelated(_holders[id]) && _postings.IsComplete(id)) unrelated[id] = RecountUnrelated(id, groups);
        }
        var isPublic = PublicListEntries.Find(_values, v, _holders, _tools, _population);
        for (var id = 0; id < v; id++)
            if (isPublic[id] != _public[id]) Touch(id);
        _public = isPublic;

        // A value crossing the common line (by its holders or by the population) changes the veto inputs of its holders:
        // it counts as moved, and its holders' kinds are recomputed.
        var flipped = new List<int>();
        for (var id = 0; id < v; id++)
        {
            var was = before.TryGetValue(id, out var b4) ? b4.Holders : _holders[id];
            if (LinkWeights.IsCommon(was, oldPopulation) != LinkWeights.IsCommon(_holders[id], _population)) { flipped.Add(id); Touch(id); }
        }

        var moved = new List<int>();
        foreach (var id in touched)
        {
            var (weight, blocking, _) = before[id];
            var exact = WeightOf(id);
            var nowBlocking = exact >= LinkWeights.BlockingMinWeight && _holders[id] >= 2 && _holders[id] <= LinkWeights.PostingCap;
            if (exact == weight && nowBlocking == blocking && !flipped.Contains(id)) continue;
            _weight[id] = exact;
            moved.Add(id);
        }
        foreach (var u in changed) _hasKind[u] = KindsHeld(u);
        if (flipped.Count > 0)
        {
            var holders = new HashSet<int>();
            AddHolders(flipped, holders);
            foreach (var u in holders) _hasKind[u] = KindsHeld(u);
        }
        return new LevelChange(moved);
    }

    /// <summary>Adds to <paramref name="into"/> every unit holding one of <paramref name="valueIds"/> (from the index; by a scan for values past its cap).</summary>
    public void AddHolders(IEnumerable<int> valueIds, ISet<int> into)
    {
        var unlisted = new List<int>();
        foreach (var id in valueIds)
        {
            if (!_postings.IsComplete(id)) { unlisted.Add(id); continue; }
            foreach (var u in _postings.Built(id)) into.Add(u);
            if (_postings.Added(id) is { } added) foreach (var u in added) into.Add(u);
        }
        if (unlisted.Count == 0) return;
        for (var u = 0; u < _units.Count; u++)
            foreach (var id in unlisted)
                if (Array.BinarySearch(_units[u], id) >= 0) { into.Add(u); break; }
    }

    /// <summary>A listed value's holders with the largest group counted once (as <see cref="HoldersOutsideLargestGroup"/>).</summary>
    private int RecountUnrelated(int id, IReadOnlyList<int> groups)
    {
        var perGroup = new Dictionary<int, int>();
        var seen = new HashSet<int>();
        int total = 0, largest = 0;
        void Count(int u)
        {
            if (!seen.Add(u) || Array.BinarySearch(_units[u], id) < 0) return;
            var g = u < groups.Count ? groups[u] : u;
            var c = perGroup[g] = perGroup.GetValueOrDefault(g) + 1;
            total++;
            largest = Math.Max(largest, c);
        }
        foreach (var u in _postings.Built(id)) Count(u);
        if (_postings.Added(id) is { } added) foreach (var u in added) Count(u);
        return largest > 1 ? total - (largest - 1) : total;
    }

    private void Grow(int valueCount, int unitCount)
    {
        if (_holders.Length < valueCount)
        {
            var size = Math.Max(valueCount, _holders.Length * 2);
            Array.Resize(ref _holders, size);
            Array.Resize(ref _weight, size);
            if (_unrelated is not null) Array.Resize(ref _unrelated, size);
            _tools.Grow(size);
        }
        if (_public.Length < valueCount) Array.Resize(ref _public, valueCount);
        if (_hasKind.Length < unitCount) Array.Resize(ref _hasKind, Math.Max(unitCount, _hasKind.Length * 2));
    }
}
