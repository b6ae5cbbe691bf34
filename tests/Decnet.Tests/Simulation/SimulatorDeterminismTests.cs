using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;
using static Decnet.Tests.Simulation.SimulationTestKit;

namespace Decnet.Tests.Simulation;

public class SimulatorDeterminismTests
{
    [Test]
    [Arguments("mixed")]
    [Arguments("botnet")]
    [Arguments("vpn-hopping")]
    public async Task SameSeedGivesByteIdenticalEventsAndTruth(string scenario)
    {
        var a = Generate(scenario, 400, seed: 5);
        var b = Generate(scenario, 400, seed: 5);
        await Assert.That(Cowrie(a).AsSpan().SequenceEqual(Cowrie(b))).IsTrue();
        await Assert.That(Jsonl(a).AsSpan().SequenceEqual(Jsonl(b))).IsTrue();
        await Assert.That(Truth(a).AsSpan().SequenceEqual(Truth(b))).IsTrue();
    }

    [Test]
    public async Task DifferentSeedsGiveDifferentPopulations()
    {
        var a = Generate("mixed", 300, seed: 1);
        var b = Generate("mixed", 300, seed: 2);
        await Assert.That(Truth(a).AsSpan().SequenceEqual(Truth(b))).IsFalse();
        await Assert.That(a.Attackers.Select(x => x.Ip).Intersect(b.Attackers.Select(x => x.Ip)).Count()).IsLessThan(10);
    }

    [Test]
    [Arguments(1)]
    [Arguments(7)]
    [Arguments(500)]
    [Arguments(2_345)]
    public async Task AttackersSetsTheExactIpCountAndIpsAreUniquePublicIpv4(int attackers)
    {
        foreach (var scenario in Scenarios.Names)
        {
            var p = Generate(scenario, attackers);
            await Assert.That(p.Attackers.Count).IsEqualTo(attackers).Because(scenario);
            await Assert.That(p.Attackers.Select(a => a.Ip).Distinct().Count()).IsEqualTo(attackers).Because(scenario);
            foreach (var a in p.Attackers)
            {
                var first = a.Address >> 24;
                await Assert.That(first is 0 or 10 or 100 or 127 or 169 or 172 or 192 or 198 or 203 || first >= 224).IsFalse().Because(a.Ip);
                await Assert.That(System.Net.IPAddress.Parse(a.Ip).ToString()).IsEqualTo(a.Ip);
                await Assert.That(a.Sessions.Length).IsGreaterThan(0);
            }
        }
    }

    [Test]
    public async Task SlowBurnIsUnchangedByATimeShiftExceptForTheTimes()
    {
        var shift = TimeSpan.FromDays(17.25);
        var a = Generate(Scenarios.SlowBurn, 300, seed: 3);
        var b = Generate(Scenarios.SlowBurn, 300, seed: 3, start: Scenarios.DefaultStart + shift);
        await Assert.That(Truth(a).AsSpan().SequenceEqual(Truth(b))).IsTrue();
        var pa = a.Profiles().ToArray();
        var pb = b.Profiles().ToArray();
        for (var i = 0; i < pa.Length; i++)
        {
            var shifted = pa[i] with
            {
                FirstSeen = pa[i].FirstSeen + shift,
                LastSeen = pa[i].LastSeen + shift,
                Credentials = [.. pa[i].Credentials.Select(c => c with { FirstSeen = c.FirstSeen + shift })],
                SuccessfulLogins = [.. pa[i].SuccessfulLogins.Select(c => c with { FirstSeen = c.FirstSeen + shift })],
            };
            await Assert.That(pb[i]).IsEqualTo(shifted);
        }
        var span = a.Attackers.Where(x => x.Campaign != "").SelectMany(x => x.Sessions).Select(s => s.Start).ToArray();
        await Assert.That((span.Max() - span.Min()).TotalDays).IsGreaterThan(60);
    }

    [Test]
    public async Task UnknownScenarioIsRefused()
    {
        await Assert.That(() => Generate("no-such-thing")).Throws<ArgumentException>();
    }

    [Test]
    public async Task FastPathProfilesEqualTheProfilerOnTheEventsForEveryScenario()
    {
        foreach (var scenario in Scenarios.Names)
        {
            var p = Generate(scenario, 600, seed: 21);
            var fold = new ProfileFold();
            foreach (var a in p.Attackers)
                await Assert.That(fold.Fold(a)).IsEqualTo(SimulatedPopulation.ProfileFromEvents(a)).Because($"{scenario} {a.Ip}");
        }
    }
}
