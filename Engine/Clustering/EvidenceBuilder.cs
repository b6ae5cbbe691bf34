using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>Turns the edges that joined a component into stored evidence: the strongest links, each with its heaviest shared values.</summary>
public static class EvidenceBuilder
{
    public const int MaxLinks = 20;
    public const int MaxItems = 5;

    /// <param name="edges">Edges inside one component (unit indices of <paramref name="level"/>).</param>
    /// <param name="name">A unit's id as stored (IP or identity id).</param>
    /// <param name="describe">Readable values of a unit's features (key → text); called at most twice per link kept.</param>
    public static EquatableArray<LinkEvidence> Build(IEnumerable<LinkEdge> edges, LinkLevel level, Func<int, string> name,
        Func<int, IReadOnlyDictionary<ulong, (FeatureKind Kind, string Value)>> describe)
    {
        var result = new List<LinkEvidence>();
        foreach (var e in edges.OrderByDescending(e => e.Score).ThenBy(e => e.A).Take(MaxLinks))
        {
            var items = new List<EvidenceItem>(MaxItems);
            IReadOnlyDictionary<ulong, (FeatureKind Kind, string Value)>? textA = null, textB = null;
            foreach (var (valueId, weight) in level.SharedEvidence(e.A, e.B).Take(MaxItems))
            {
                var key = level.Values.Key(valueId);
                textA ??= describe(e.A);
                string text;
                if (textA.TryGetValue(key, out var t)) text = t.Value;
                else if ((textB ??= describe(e.B)).TryGetValue(key, out var t2)) text = t2.Value;
                else text = "#" + key.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
                items.Add(new EvidenceItem(FeatureKey.KindOf(key), text, Math.Round(weight, 4)));
            }
            result.Add(new LinkEvidence(name(e.A), name(e.B), Math.Round(e.Score, 4), new EquatableArray<EvidenceItem>(items)));
        }
        return new EquatableArray<LinkEvidence>(result);
    }
}
