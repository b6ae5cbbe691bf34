using System.Diagnostics;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>
/// Identity then campaign linking over profiles held in memory (no store): for tests, `eval` of a simulation, and the
/// bench. <see cref="Update"/> is the incremental tick the clusterer worker runs (same graph, same code path).
/// </summary>
public sealed class ClusterPipeline
{
    private List<List<int>>? _identities;

    public IdentityGraph Graph { get; } = new();
    public CampaignGraph Campaigns { get; }
    public TimeSpan FeatureTime { get; private set; }
    public TimeSpan IdentityTime { get; private set; }
    public TimeSpan CampaignTime { get; private set; }
    /// <summary>Attackers whose identity the last run or tick re-evaluated.</summary>
    public int LastTickReevaluated { get; private set; }

    private ClusterPipeline() => Campaigns = new CampaignGraph(Graph);

    /// <summary>Identity components: attacker indices each, ordered by their smallest member.</summary>
    public List<List<int>> Identities => _identities ??= Graph.Components().OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();

    /// <param name="profiles">Read once and not kept (stream them to keep memory to the clustering state).</param>
    public static ClusterPipeline Run(IEnumerable<AttackerProfile> profiles)
    {
        var p = new ClusterPipeline();
        var clock = Stopwatch.StartNew();
        p.Graph.UpsertAll(profiles);
        p.FeatureTime = clock.Elapsed;
        clock.Restart();
        p.Graph.LinkAll();
        p.IdentityTime = clock.Elapsed;
        p.LastTickReevaluated = p.Graph.Count;
        clock.Restart();
        p.Campaigns.LinkAll();
        p.CampaignTime = clock.Elapsed;
        return p;
    }

    /// <summary>Adds or updates profiles and relinks only the identities and campaigns they touch.</summary>
    public void Update(IReadOnlyList<AttackerProfile> changed)
    {
        var clock = Stopwatch.StartNew();
        var before = Graph.Labels.ToArray();
        foreach (var profile in changed) Graph.Upsert(profile);
        var reevaluated = Graph.LinkChanged();
        LastTickReevaluated = reevaluated.Count;
        IdentityTime = clock.Elapsed;
        clock.Restart();
        Campaigns.LinkChanged(before, reevaluated);
        CampaignTime = clock.Elapsed;
        _identities = null;
    }

    /// <summary>Every IP with its identity ("i&lt;label&gt;") and campaign ("c&lt;label&gt;"), labels being smallest members.</summary>
    public Dictionary<string, ClusterAssignment> Assignments()
    {
        var result = new Dictionary<string, ClusterAssignment>(Graph.Count, StringComparer.Ordinal);
        var labels = Graph.Labels;
        var campaigns = Campaigns.Labels;
        for (var u = 0; u < Graph.Count; u++)
        {
            var identity = labels[u];
            result[Graph.Ip(u)] = new ClusterAssignment(
                "i" + identity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "c" + campaigns[identity].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return result;
    }
}
