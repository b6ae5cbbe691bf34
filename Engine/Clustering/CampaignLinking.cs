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
        var useful = new bool[FeatureKinds.Count];
        for (var k = 0; k < useful.Length; k++) useful[k] = LinkWeights.Campaign((FeatureKind)k) > 0 || k == (int)FeatureKind.Sensor;
        var values = graph.Values;
        var scratch = new List<int>(64);
        for (var i = 0; i < n; i++)
        {
            scratch.Clear();
            long f = long.MaxValue, l = long.MinValue;
            foreach (var a in identities[i])
            {
                foreach (var v in graph.UnitValues(a))
                    if (useful[(int)values.Kind(v)]) scratch.Add(v);
                f = Math.Min(f, graph.FirstSeen(a).UtcTicks);
                l = Math.Max(l, graph.LastSeen(a).UtcTicks);
            }
            units[i] = Distinct(scratch, identities[i].Count > 1);
            first[i] = f;
            last[i] = l;
        }
        var sensorBit = 1 << (int)FeatureKind.Sensor;
        var handOff = LinkWeights.HandOffWindow.Ticks;
        var level = new LinkLevel(units, values, Rules)
        {
            Bonus = (a, b, shared) =>
            {
                if ((shared & sensorBit) == 0) return 0;
                if (first[a] <= last[b] && first[b] <= last[a]) return LinkWeights.CoordinationBonus;
                var gap = Math.Max(first[b] - last[a], first[a] - last[b]);
                return gap <= handOff ? LinkWeights.HandOffBonus : 0;
            },
        };
        var uf = new UnionFind(n);
        var edges = level.Link(uf);
        return new CampaignLinkResult(level, uf.Labels(), edges);
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
