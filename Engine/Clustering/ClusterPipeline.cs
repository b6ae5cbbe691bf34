using System.Diagnostics;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>Identity then campaign linking over profiles held in memory (no store): for tests, `eval` of a simulation, and the bench.</summary>
public sealed class ClusterPipeline
{
    public IdentityGraph Graph { get; } = new();
    /// <summary>Identity components: attacker indices each, ordered by their smallest member.</summary>
    public List<List<int>> Identities { get; private set; } = [];
    /// <summary>Campaign label per identity component.</summary>
    public int[] CampaignOfIdentity { get; private set; } = [];
    public CampaignLinkResult? Campaigns { get; private set; }
    public TimeSpan FeatureTime { get; private set; }
    public TimeSpan IdentityTime { get; private set; }
    public TimeSpan CampaignTime { get; private set; }

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
        p.RelinkCampaigns();
        return p;
    }

    /// <summary>Adds or updates profiles and relinks only the identities they touch, then campaigns.</summary>
    public void Update(IReadOnlyList<AttackerProfile> changed)
    {
        var clock = Stopwatch.StartNew();
        foreach (var profile in changed) Graph.Upsert(profile);
        Graph.LinkChanged();
        IdentityTime = clock.Elapsed;
        RelinkCampaigns();
    }

    private void RelinkCampaigns()
    {
        var clock = Stopwatch.StartNew();
        Identities = Graph.Components().OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();
        Campaigns = CampaignLinking.Link(Graph, Identities);
        CampaignOfIdentity = Campaigns.Labels;
        CampaignTime = clock.Elapsed;
    }

    /// <summary>Every IP with its identity ("i&lt;label&gt;") and campaign ("c&lt;label&gt;").</summary>
    public Dictionary<string, ClusterAssignment> Assignments()
    {
        var result = new Dictionary<string, ClusterAssignment>(Graph.Count, StringComparer.Ordinal);
        for (var i = 0; i < Identities.Count; i++)
        {
            var identity = "i" + Identities[i][0].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var campaign = "c" + CampaignOfIdentity[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var u in Identities[i]) result[Graph.Ip(u)] = new ClusterAssignment(identity, campaign);
        }
        return result;
    }
}
