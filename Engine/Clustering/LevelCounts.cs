namespace Decnet.Engine.Clustering;

/// <summary>What <see cref="LevelCounts.Update"/> touched: values whose holders, public-list status or commonness
/// changed (with their holders before), and those that crossed the common line.</summary>
public sealed record CountsChange(List<int> Touched, Dictionary<int, int> HoldersBefore, HashSet<int> Flipped);

/// <summary>
/// The population side of a linking level, shared by the levels (passes) that weigh the same units: each value's
/// holders, its holders' tools, the public list entries, the inverted index, and per unit the kinds of which it holds a
/// non-common value (the veto's input). Built once by a full link; <see cref="Update"/> then follows added or changed
/// units, touching only their values (public entries are re-derived, linear in values, not in units).
/// </summary>
public sealed class LevelCounts
{
    public IReadOnlyList<int[]> Units { get; }
    public ValueTable Values { get; }
    public int Population
    {
        get => _population;
        private set { _population = value; CommonCut = LinkWeights.CommonCut(value); }
    }

    private int _population;

    /// <summary>Holders above which a value is common, for <see cref="Population"/>.</summary>
    public double CommonCut { get; private set; }

    public bool IsCommon(int valueId) => Holders[valueId] > CommonCut;
    public int[] Holders { get; private set; }
    public ValueTools Tools { get; } = new();
    public ValuePostings Postings { get; }
    public bool[] Public { get; private set; }
    public ushort[] HasKind { get; private set; }

    /// <param name="units">The units; kept, so units appended later are read by <see cref="Update"/>.</param>
    /// <param name="population">The number of units rarity counts (default: all; fewer when some units are empty slots).</param>
    public LevelCounts(IReadOnlyList<int[]> units, ValueTable values, int? population = null)
    {
        Units = units;
        Values = values;
        var v = values.Count;
        var n = units.Count;
        Population = population ?? n;
        Holders = new int[v];
        Tools.Grow(v);
        for (var u = 0; u < n; u++)
        {
            var unit = units[u];
            var tool = ValueTools.ToolOf(unit, u, values);
            foreach (var id in unit) { Holders[id]++; Tools.Add(id, tool); }
        }
        Public = PublicListEntries.Find(values, v, Holders, Tools, Population);
        HasKind = new ushort[n];
        for (var u = 0; u < n; u++) HasKind[u] = KindsHeld(u);
        Postings = new ValuePostings(units, Holders, v);
    }

    /// <summary>Veto input: the kinds of which a unit holds a non-common value.</summary>
    private ushort KindsHeld(int u)
    {
        ushort mask = 0;
        foreach (var id in Units[u])
            if (!IsCommon(id)) mask |= (ushort)(1 << (int)Values.Kind(id));
        return mask;
    }

    /// <param name="changed">Units added or whose values changed (indices into the unit list, which may have grown).</param>
    /// <param name="previous">Per changed unit, its values before (null for a new unit).</param>
    /// <param name="population">The number of units rarity counts now.</param>
    public CountsChange Update(IReadOnlyList<int> changed, IReadOnlyList<int[]?> previous, int population)
    {
        var v = Values.Count;
        Grow(v, Units.Count);
        var oldPopulation = Population;
        Population = population;
        var before = new Dictionary<int, int>();
        var touched = new List<int>();
        void Touch(int id)
        {
            if (before.TryAdd(id, Holders[id])) touched.Add(id);
        }
        for (var i = 0; i < changed.Count; i++)
        {
            var u = changed[i];
            var now = Units[u];
            var old = previous[i] ?? [];
            var tool = ValueTools.ToolOf(now, u, Values);
            int a = 0, b = 0;
            while (a < old.Length || b < now.Length)
            {
                if (b == now.Length || (a < old.Length && old[a] < now[b]))
                {
                    var id = old[a++];
                    Touch(id);
                    Holders[id]--;
                }
                else if (a == old.Length || now[b] < old[a])
                {
                    var id = now[b++];
                    Touch(id);
                    Holders[id]++;
                    Tools.Add(id, tool);
                    Postings.Add(id, u, Holders[id]);
                }
                else { a++; b++; }
            }
        }
        var isPublic = PublicListEntries.Find(Values, v, Holders, Tools, Population);
        for (var id = 0; id < v; id++)
            if (isPublic[id] != (id < Public.Length && Public[id])) Touch(id);
        Public = isPublic;

        // A value crossing the common line changes the veto inputs of its holders. The caller links everything when the
        // population changes step (which moves the line), so only values whose holders changed can cross it.
        var flipped = new HashSet<int>();
        foreach (var id in touched)
            if (LinkWeights.IsCommon(before[id], oldPopulation) != LinkWeights.IsCommon(Holders[id], Population)) flipped.Add(id);
        foreach (var u in changed) HasKind[u] = KindsHeld(u);
        if (flipped.Count > 0)
        {
            var holders = new HashSet<int>();
            AddHolders(flipped, holders);
            foreach (var u in holders) HasKind[u] = KindsHeld(u);
        }
        return new CountsChange(touched, before, flipped);
    }

    /// <summary>Adds to <paramref name="into"/> every unit holding one of <paramref name="valueIds"/> (from the index; by a scan for values past its cap).</summary>
    public void AddHolders(IEnumerable<int> valueIds, ISet<int> into)
    {
        var unlisted = new List<int>();
        foreach (var id in valueIds)
        {
            if (!Postings.IsComplete(id)) { unlisted.Add(id); continue; }
            foreach (var u in Postings.Built(id)) into.Add(u);
            if (Postings.Added(id) is { } added) foreach (var u in added) into.Add(u);
        }
        if (unlisted.Count == 0) return;
        for (var u = 0; u < Units.Count; u++)
            foreach (var id in unlisted)
                if (Array.BinarySearch(Units[u], id) >= 0) { into.Add(u); break; }
    }

    private void Grow(int valueCount, int unitCount)
    {
        if (Holders.Length < valueCount)
        {
            var holders = Holders;
            Array.Resize(ref holders, Math.Max(valueCount, Holders.Length * 2));
            Holders = holders;
            Tools.Grow(holders.Length);
        }
        if (HasKind.Length < unitCount)
        {
            var kinds = HasKind;
            Array.Resize(ref kinds, Math.Max(unitCount, HasKind.Length * 2));
            HasKind = kinds;
        }
    }
}
