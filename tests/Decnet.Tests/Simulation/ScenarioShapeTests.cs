using Decnet.Engine.Simulation;
using static Decnet.Tests.Simulation.SimulationTestKit;

namespace Decnet.Tests.Simulation;

/// <summary>Each scenario's truth has the shape it promises (the clusterer is scored against exactly this).</summary>
public class ScenarioShapeTests
{
    private static IEnumerable<List<SimulatedAttacker>> MultiIpIdentities(SimulatedPopulation p) =>
        p.By(a => a.Identity).Values.Where(g => g.Count > 1);

    [Test]
    public async Task EveryScenarioLabelsConsistently()
    {
        foreach (var scenario in Scenarios.Names)
        {
            var p = Generate(scenario, 500);
            foreach (var (identity, ips) in p.By(a => a.Identity))
            {
                // One identity = one kit = one campaign.
                await Assert.That(ips.Select(a => a.Campaign).Distinct().Count()).IsEqualTo(1).Because(identity);
                await Assert.That(ips.Select(a => a.Kit).Distinct().Count()).IsEqualTo(1).Because(identity);
                var kit = ips[0].Kit;
                if (kit.IsOperator)
                {
                    await Assert.That(identity).StartsWith("op-");
                    await Assert.That(ips[0].Campaign).StartsWith("camp-");
                    // Every operator IP tries at least two of the operator's private credentials.
                    foreach (var a in ips) await Assert.That(PrivatesTried(a)).IsGreaterThanOrEqualTo(2).Because(a.Ip);
                }
                else
                {
                    await Assert.That(ips.Count).IsEqualTo(1).Because(identity);
                    await Assert.That(ips[0].Campaign).IsEqualTo("");
                    await Assert.That(kit.IsPrivate.Any(x => x)).IsFalse();
                    await Assert.That(kit.Payloads).IsEmpty();
                }
            }
            // Campaigns never share payloads with each other.
            var shaOwner = new Dictionary<string, string>();
            foreach (var a in p.Attackers.Where(a => a.Campaign != ""))
                foreach (var sha in Sha256s([a]))
                    await Assert.That(shaOwner.TryAdd(sha, a.Campaign) || shaOwner[sha] == a.Campaign).IsTrue().Because(sha);
        }
    }

    [Test]
    public async Task SharedWordlistCampaignsComeInPairsTryingTheSamePublicListInTheSameOrder()
    {
        var p = Generate(Scenarios.SharedWordlist, 500);
        var campaigns = p.By(a => a.Campaign).Where(g => g.Key != "").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        await Assert.That(campaigns.Count).IsGreaterThanOrEqualTo(2);
        await Assert.That(campaigns.Count % 2).IsEqualTo(0);
        await Assert.That(campaigns.All(c => c.Value.Select(a => a.Identity).Distinct().Count() == 2)).IsTrue();
        static string PublicOrder(SimulatedAttacker a) => string.Join(",", a.Kit.Wordlist.Where((_, i) => !a.Kit.IsPrivate[i]));
        for (var i = 0; i < campaigns.Count; i += 2)
        {
            var (first, second) = (campaigns[i].Value, campaigns[i + 1].Value);
            // Every operator of the pair runs the same public list in its published order ...
            var orders = first.Concat(second).Select(PublicOrder).Distinct().ToList();
            await Assert.That(orders.Count).IsEqualTo(1);
            await Assert.That(orders[0].Split(',').Length).IsGreaterThanOrEqualTo(40);
            // ... so the two campaigns' IPs share many credentials, but no payload.
            var shared = first.SelectMany(Tried).ToHashSet().Intersect(second.SelectMany(Tried)).Count();
            await Assert.That(shared).IsGreaterThanOrEqualTo(30);
            await Assert.That(Sha256s(first).Intersect(Sha256s(second))).IsEmpty();
        }
    }

    [Test]
    public async Task VpnHoppingOneIdentityOverManyIpsInManyNetworks()
    {
        var p = Generate(Scenarios.VpnHopping, 500);
        var ops = MultiIpIdentities(p).ToList();
        await Assert.That(ops.Count).IsEqualTo(1);
        var op = ops[0];
        await Assert.That(op.Count).IsGreaterThanOrEqualTo(30);
        await Assert.That(op.Select(a => a.Address >> 24).Distinct().Count()).IsGreaterThanOrEqualTo(3);
        await Assert.That(op.Select(a => a.Network).Distinct().Count()).IsGreaterThanOrEqualTo(op.Count / 2);
        // Hopping: each IP is used in its own slice of time, one after the other.
        var ordered = op.OrderBy(a => a.Sessions[0].Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
            await Assert.That(ordered[i].Sessions[0].Start >= ordered[i - 1].Sessions[0].Start).IsTrue();
        await Assert.That(p.Attackers.Count(a => a.Kit.IsOperator)).IsEqualTo(op.Count);
    }

    [Test]
    public async Task LoneWolfIsTheOnlyMultiIpIdentityAmongNoise()
    {
        var p = Generate(Scenarios.LoneWolf, 500);
        var ops = MultiIpIdentities(p).ToList();
        await Assert.That(ops.Count).IsEqualTo(1);
        await Assert.That(ops[0].Count).IsBetween(3, 12);
        await Assert.That(p.By(a => a.Identity).Count).IsEqualTo(500 - ops[0].Count + 1);
    }

    [Test]
    public async Task PausedCampaignHasAFourDayGapInsideEachCampaignAndEachIdentity()
    {
        var p = Generate(Scenarios.PausedCampaign, 500);
        var campaigns = p.By(a => a.Campaign).Where(g => g.Key != "").ToList();
        await Assert.That(campaigns.Count).IsGreaterThanOrEqualTo(1);
        static TimeSpan LargestGap(IEnumerable<SimulatedAttacker> ips)
        {
            var starts = ips.SelectMany(a => a.Sessions).Select(s => s.Start).Order().ToArray();
            return starts.Zip(starts.Skip(1), (x, y) => y - x).Max();
        }
        foreach (var (_, ips) in campaigns)
        {
            await Assert.That(LargestGap(ips)).IsGreaterThanOrEqualTo(TimeSpan.FromDays(4));
            var identities = ips.GroupBy(a => a.Identity).ToList();
            await Assert.That(identities.Count).IsEqualTo(2);
            foreach (var identity in identities) await Assert.That(LargestGap(identity)).IsGreaterThanOrEqualTo(TimeSpan.FromDays(4));
        }
    }

    [Test]
    public async Task MultiOperatorEachCampaignTwoIdentitiesDifferentToolsSharedInfrastructure()
    {
        var p = Generate(Scenarios.MultiOperator, 500);
        var campaigns = p.By(a => a.Campaign).Where(g => g.Key != "").ToList();
        await Assert.That(campaigns.Count).IsGreaterThanOrEqualTo(1);
        foreach (var (_, ips) in campaigns)
        {
            var identities = ips.GroupBy(a => a.Identity).Select(g => g.ToList()).ToList();
            await Assert.That(identities.Count).IsEqualTo(2);
            await Assert.That(identities[0][0].Kit.Client.Hassh).IsNotEqualTo(identities[1][0].Kit.Client.Hassh);
            await Assert.That(Sha256s(identities[0]).Intersect(Sha256s(identities[1]))).IsNotEmpty();
            await Assert.That(identities[0][0].Kit.Sensors).IsEquivalentTo(identities[1][0].Kit.Sensors);
            // Overlapping activity windows.
            var firstEnd = identities[0].SelectMany(a => a.Sessions).Max(s => s.Start);
            var secondStart = identities[1].SelectMany(a => a.Sessions).Min(s => s.Start);
            await Assert.That(secondStart).IsLessThan(firstEnd);
        }
    }

    [Test]
    public async Task NoiseFloorIsMostlyTrueSingletons()
    {
        var p = Generate(Scenarios.NoiseFloor, 1000);
        var singletons = p.By(a => a.Identity).Count(g => g.Value.Count == 1);
        await Assert.That(singletons).IsGreaterThanOrEqualTo(950);
        await Assert.That(MultiIpIdentities(p).Count()).IsGreaterThanOrEqualTo(1);
        // Noise looks like the internet: common stacks, common lists from the top, short sessions.
        var noise = p.Attackers.Where(a => !a.Kit.IsOperator).ToList();
        await Assert.That(noise.All(a => ClientCatalog.Common.Any(c => c.Client == a.Kit.Client))).IsTrue();
        await Assert.That(noise.SelectMany(a => a.Sessions).Average(s => s.CredentialCount)).IsLessThan(4);
        await Assert.That(noise.Select(a => a.Kit.Client.Hassh).Distinct().Count()).IsGreaterThanOrEqualTo(4);
    }

    [Test]
    public async Task BotnetManyIdentitiesShareOneHasshAndTheMiraiList()
    {
        var p = Generate(Scenarios.Botnet, 1000);
        var bots = p.Attackers.Where(a => a.Identity.StartsWith("bot-", StringComparison.Ordinal)).ToList();
        await Assert.That(bots.Count).IsGreaterThanOrEqualTo(800);
        await Assert.That(bots.Select(a => a.Kit.Client.Hassh).Distinct().Single()).IsEqualTo(ClientCatalog.CommonBot.Hassh);
        await Assert.That(bots.Select(a => a.Identity).Distinct().Count()).IsEqualTo(bots.Count);
        var top = Wordlists.Mirai[0];
        await Assert.That(bots.Count(a => Tried(a).Contains(top))).IsGreaterThan(bots.Count / 3);
        // Operators hide in the same stack: multi-IP identities with the common HASSH, linked only by their own lists and infrastructure.
        var ops = MultiIpIdentities(p).ToList();
        await Assert.That(ops.Count).IsGreaterThanOrEqualTo(2);
        await Assert.That(ops.All(o => o[0].Kit.Client == ClientCatalog.CommonBot)).IsTrue();
    }

    [Test]
    public async Task MixedBlendsEveryShapeAndScalesByAddingCampaigns()
    {
        var p = Generate(Scenarios.Mixed, 2000);
        var campaigns = p.By(a => a.Campaign).Where(g => g.Key != "").ToList();
        await Assert.That(campaigns.Count).IsGreaterThanOrEqualTo(9);
        await Assert.That(campaigns.Count(c => c.Value.Select(a => a.Identity).Distinct().Count() == 2)).IsGreaterThanOrEqualTo(3);
        await Assert.That(p.Attackers.Count(a => a.Identity.StartsWith("bot-", StringComparison.Ordinal))).IsGreaterThan(300);
        await Assert.That(p.Attackers.Count(a => a.Identity.StartsWith("noise-", StringComparison.Ordinal))).IsGreaterThan(300);
        // Identities stay operator-sized at any scale.
        var big = Generate(Scenarios.Mixed, 20_000);
        await Assert.That(big.By(a => a.Identity).Values.Max(g => g.Count)).IsLessThanOrEqualTo(60);
        await Assert.That(big.By(a => a.Campaign).Count).IsGreaterThan(campaigns.Count * 5);
    }
}
