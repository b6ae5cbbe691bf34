using Decnet.Engine.Clustering;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;

namespace Decnet.Tests.Clustering;

/// <summary>
/// An incremental tick (attackers added to a clustered population, as the worker does per tick) gives the same identities
/// and campaigns as clustering the whole population from scratch (weights are step functions of the counts, see LinkWeights.Rarity).
/// </summary>
public class IncrementalLinkTests
{
    /// <summary>The scenario's population, less every 50th attacker (2 %), clustered; then those added in one tick.</summary>
    private static (ClusterPipeline Incremental, ClusterPipeline Full, int Added) Run(string scenario, int seed, int attackers)
    {
        var profiles = Scenarios.Generate(scenario, attackers, Scenarios.DefaultStart, new Random(seed)).Profiles().ToList();
        var later = profiles.Where((_, i) => i % 50 == 49).ToList();
        var incremental = ClusterPipeline.Run(profiles.Where((_, i) => i % 50 != 49));
        incremental.Update(later);
        return (incremental, ClusterPipeline.Run(profiles), later.Count);
    }

    [Test]
    [Arguments("mixed", 21)]
    [Arguments("vpn-hopping", 22)]
    [Arguments("shared-wordlist", 23)]
    [Arguments("botnet", 24)]
    [Arguments("noise-floor", 25)]
    public async Task Incremental_tick_equals_a_full_link_at_both_levels(string scenario, int seed)
    {
        var (incremental, full, added) = Run(scenario, seed, 3000);
        var a = incremental.Assignments();
        var b = full.Assignments();
        await Assert.That(a.Count).IsEqualTo(b.Count);
        // Same partition: every pair of IPs together in one is together in the other (labels differ, they name members).
        var identity = ClusteringMetrics.Score(Labels(a, b.Keys, x => x.Identity), Labels(b, b.Keys, x => x.Identity));
        var campaign = ClusteringMetrics.Score(Labels(a, b.Keys, x => x.Campaign), Labels(b, b.Keys, x => x.Campaign));
        await Assert.That(identity.AdjustedRandIndex).IsEqualTo(1.0);
        await Assert.That(campaign.AdjustedRandIndex).IsEqualTo(1.0);
        // And the tick did not simply re-link everything.
        await Assert.That(incremental.LastTickReevaluated).IsLessThan(incremental.Graph.Count / 2);
        await Assert.That(added).IsEqualTo(60);
    }

    [Test]
    public async Task Weights_after_a_tick_equal_a_full_links_at_both_passes()
    {
        var (incremental, full, _) = Run("mixed", 26, 3000);
        var worst = 0.0;
        var g = incremental.Graph;
        var fg = full.Graph;
        for (var id = 0; id < g.Values.Count; id++)
        {
            var key = g.Values.Key(id);
            var other = fg.Values.Intern(key);
            worst = Math.Max(worst, Math.Abs(g.Level!.Weight(id) - fg.Level!.Weight(other)));
            worst = Math.Max(worst, Math.Abs(g.FirstPass!.Weight(id) - fg.FirstPass!.Weight(other)));
        }
        // Weights are step functions of the counts: with the population in one step, the tick's weights are the full link's.
        await Assert.That(worst).IsEqualTo(0.0);
    }

    [Test]
    public async Task A_tick_that_moves_the_population_step_links_everything()
    {
        var profiles = Scenarios.Generate("mixed", 1000, Scenarios.DefaultStart, new Random(27)).Profiles().ToList();
        var p = ClusterPipeline.Run(profiles.Take(900));
        p.Update(profiles.Skip(900).ToList());
        await Assert.That(p.LastTickReevaluated).IsEqualTo(1000);
    }

    private static int[] Labels(Dictionary<string, ClusterAssignment> assignments, IEnumerable<string> ips, Func<ClusterAssignment, string> pick)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return ips.Order(StringComparer.Ordinal).Select(ip =>
        {
            var label = pick(assignments[ip]);
            if (!ids.TryGetValue(label, out var x)) ids[label] = x = ids.Count;
            return x;
        }).ToArray();
    }
}
