using Decnet.Engine.Clustering;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Simulation;

namespace Decnet.Tests.Clustering;

/// <summary>Issue 4 target: every simulator scenario ARI ≥ 0.95 and pairwise F1 ≥ 0.95 at both levels (fixed seeds).</summary>
public class ScenarioQualityTests
{
    public static EvaluationReport Evaluate(string scenario, int seed, int attackers)
    {
        var population = Scenarios.Generate(scenario, attackers, Scenarios.DefaultStart, new Random(seed));
        var truth = population.Truth().ToDictionary(t => t.Ip, t => new ClusterAssignment(t.Identity, t.Campaign ?? ""), StringComparer.Ordinal);
        var pipeline = ClusterPipeline.Run(population.Profiles().ToList());
        return AssignmentComparer.Compare(truth, pipeline.Assignments());
    }

    [Test]
    [Arguments("mixed", 19)]
    [Arguments("shared-wordlist", 11)]
    [Arguments("vpn-hopping", 12)]
    [Arguments("lone-wolf", 13)]
    [Arguments("paused-campaign", 14)]
    [Arguments("multi-operator", 15)]
    [Arguments("noise-floor", 16)]
    [Arguments("slow-burn", 17)]
    [Arguments("botnet", 18)]
    public async Task Scenario_meets_the_targets_at_both_levels(string scenario, int seed)
    {
        var r = Evaluate(scenario, seed, 3000);
        Console.WriteLine($"{scenario} seed {seed}: identity ARI {r.Identity.AdjustedRandIndex:0.0000} F1 {r.Identity.PairF1:0.0000} (P {r.Identity.PairPrecision:0.000} R {r.Identity.PairRecall:0.000}); campaign ARI {r.Campaign.AdjustedRandIndex:0.0000} F1 {r.Campaign.PairF1:0.0000} (P {r.Campaign.PairPrecision:0.000} R {r.Campaign.PairRecall:0.000})");
        await Assert.That(r.Identity.AdjustedRandIndex).IsGreaterThanOrEqualTo(0.95);
        await Assert.That(r.Identity.PairF1).IsGreaterThanOrEqualTo(0.95);
        await Assert.That(r.Campaign.AdjustedRandIndex).IsGreaterThanOrEqualTo(0.95);
        await Assert.That(r.Campaign.PairF1).IsGreaterThanOrEqualTo(0.95);
    }
}
