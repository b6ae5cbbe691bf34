namespace Decnet.Engine.Clustering;

/// <summary>Campaign components over identities, and the weights they were found with.</summary>
public sealed record CampaignLinkResult(LinkLevel Level, int[] Labels, List<LinkEdge> Edges);

/// <summary>
/// Campaign linking (issue 4, item 3): identities that share rare infrastructure (payload hashes, C2/download hosts,
/// tunnel targets) or rare credentials, with the same rarity rule as identities, now over the identity population;
/// coordination (overlapping activity on a common decky) and hand-off (one's last activity followed by another's first
/// within 24 h on a common decky) add a bonus to a pair that already shares something rare, never link one alone.
/// Activity windows are per identity (first/last seen of its members).
/// </summary>
public static class CampaignLinking
{
    public static readonly LinkRules Rules = new(LinkWeights.Campaign, LinkWeights.CampaignCap, LinkWeights.CampaignThreshold, FingerprintVeto: false);

    /// <param name="identities">Each identity's attackers (indices into <paramref name="graph"/>).</param>
    public static CampaignLinkResult Link(IdentityGraph graph, IReadOnlyList<IReadOnlyList<int>> identities)
    {
        var n = identities.Count;
        var units = new int[n][];
        var first = new long[n];
        var last = new long[n];
        var scratch = new List<int>(64);
        for (var i = 0; i < n; i++) units[i] = UnitOf(graph, identities[i], scratch, out first[i], out last[i]);
        var level = new LinkLevel(units, graph.Values, Rules) { Bonus = Bonus(first, last) };
        var uf = new UnionFind(n);
        var edges = level.Link(uf);
        return new CampaignLinkResult(level, uf.Labels(), edges);
    }

    /// <summary>An identity as a campaign-level unit: the campaign-relevant values of its attackers, and its activity window.</summary>
    public static int[] UnitOf(IdentityGraph graph, IReadOnlyList<int> attackers, List<int> scratch, out long first, out long last)
    {
        scratch.Clear();
        first = long.MaxValue;
        last = long.MinValue;
        var values = graph.Values;
        foreach (var a in attackers)
        {
            foreach (var v in graph.UnitValues(a))
                if (Useful[(int)values.Kind(v)]) scratch.Add(v);
            first = Math.Min(first, graph.FirstSeen(a).UtcTicks);
            last = Math.Max(last, graph.LastSeen(a).UtcTicks);
        }
        return Distinct(scratch, attackers.Count > 1);
    }

    private static readonly bool[] Useful = Enumerable.Range(0, FeatureKinds.Count)
        .Select(k => LinkWeights.Campaign((FeatureKind)k) > 0 || k == (int)FeatureKind.Sensor).ToArray();

    /// <summary>Coordination or hand-off bonus of a pair sharing a decky, from the units' activity windows (read when scored).</summary>
    public static Func<int, int, int, double> Bonus(IReadOnlyList<long> first, IReadOnlyList<long> last)
    {
        var sensorBit = 1 << (int)FeatureKind.Sensor;
        var handOff = LinkWeights.HandOffWindow.Ticks;
        return (a, b, shared) =>
        {
            if ((shared & sensorBit) == 0) return 0;
            if (first[a] <= last[b] && first[b] <= last[a]) return LinkWeights.CoordinationBonus;
            var gap = Math.Max(first[b] - last[a], first[a] - last[b]);
            return gap <= handOff ? LinkWeights.HandOffBonus : 0;
        };
    }

    private static int[] Distinct(List<int> values, bool needsSort)
    {
        if (!needsSort) return values.ToArray();
        values.Sort();
        var count = 0;
        for (var i = 0; i < values.Count; i++)
            if (i == 0 || values[i] != values[i - 1]) values[count++] = values[i];
        return values.GetRange(0, count).ToArray();
    }
}
