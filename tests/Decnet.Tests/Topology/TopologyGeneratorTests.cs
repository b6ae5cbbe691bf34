using Decnet.Engine.Topology;

namespace Decnet.Tests.Topology;

public class TopologyGeneratorTests
{
    [Test]
    public async Task SameSeedAndParametersGiveByteIdenticalJsonIdsAndTimesAside()
    {
        var a = TopologyGenerator.Generate("t0000000001", "maze", TopologySamples.Parameters(seed: 42, depth: 4, branching: 3, cross: 0.3), [], TopologySamples.Now);
        var b = TopologyGenerator.Generate("t9999999999", "maze", TopologySamples.Parameters(seed: 42, depth: 4, branching: 3, cross: 0.3), [], TopologySamples.Now.AddHours(5));
        await Assert.That(TopologySamples.JsonWithoutIdsAndTimes(b)).IsEqualTo(TopologySamples.JsonWithoutIdsAndTimes(a));
        var c = TopologyGenerator.Generate("t0000000001", "maze", TopologySamples.Parameters(seed: 43, depth: 4, branching: 3, cross: 0.3), [], TopologySamples.Now);
        await Assert.That(TopologySamples.JsonWithoutIdsAndTimes(c)).IsNotEqualTo(TopologySamples.JsonWithoutIdsAndTimes(a));
    }

    /// <summary>Property-style: many seeds and parameter sets; every topology validates and stays inside its bounds.</summary>
    [Test]
    public async Task EveryGeneratedTopologyValidatesAndRespectsItsBounds()
    {
        var pick = new Random(7);
        var checkedCount = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var depth = pick.Next(1, 7);
            var branching = pick.Next(1, 5);
            var min = pick.Next(1, 5);
            var max = min + pick.Next(0, 4);
            var cross = pick.Next(3) == 0 ? 0 : pick.NextDouble();
            var p = TopologySamples.Parameters(seed, depth, branching, min, max, cross);
            var t = TopologyGenerator.Generate("t0000000001", "prop", p, [], TopologySamples.Now);
            var problems = TopologyValidator.Validate(t);
            await Assert.That(problems).IsEmpty().Because($"seed {seed}: {string.Join("; ", problems)}");

            await Assert.That(t.Lans.Count(l => l.Parent is null)).IsEqualTo(1);
            await Assert.That(t.Lans.Max(l => l.Depth)).IsLessThan(depth);
            foreach (var lan in t.Lans)
            {
                var children = t.Lans.Count(l => l.Parent == lan.Name);
                if (lan.Depth < depth - 1) await Assert.That(children).IsBetween(1, branching);
                else await Assert.That(children).IsEqualTo(0);
                var home = t.Deckies.Count(d => d.HomeLan == lan.Name);
                await Assert.That(home).IsBetween(min, max);
                await Assert.That(lan.Internal).IsEqualTo(lan.Parent is not null);
                await Assert.That(p.SubnetBase.Contains(lan.Subnet.First)).IsTrue();
            }
            foreach (var d in t.Deckies)
            {
                var archetype = ArchetypeCatalog.Find(d.Archetype)!;
                await Assert.That(archetype.CoreServices.All(d.Services.Contains)).IsTrue();
                await Assert.That(d.Services.All(s => archetype.UsualServices.Contains(s))).IsTrue();
                await Assert.That(archetype.Distros).Contains(d.Distro);
                foreach (var a in d.Addresses) await Assert.That(a.Ip & 255).IsBetween(2u, 254u);
            }
            await Assert.That(t.Edges.Count(e => !e.Cross)).IsEqualTo(t.Lans.Count - 1);
            if (cross == 0) await Assert.That(t.Edges.Any(e => e.Cross)).IsFalse();
            checkedCount++;
        }
        await Assert.That(checkedCount).IsEqualTo(300);
    }

    [Test]
    public async Task DepthEightBranchingFourIsThousandsOfDeckiesAndValid()
    {
        var t = TopologySamples.Generated(seed: 8, depth: 8, branching: 4, cross: 0.1);
        await Assert.That(t.Deckies.Count).IsGreaterThan(1000);
        await Assert.That(TopologyValidator.Validate(t)).IsEmpty();
    }

    [Test]
    public async Task SubnetsSkipThoseOfOtherTopologies()
    {
        var first = TopologySamples.Generated(seed: 1, depth: 3, branching: 3);
        var taken = first.Lans.Select(l => l.Subnet).ToArray();
        var second = TopologySamples.Generated(seed: 1, depth: 3, branching: 3, taken: taken, id: "t0000000002");
        var others = first.Lans.Select(l => new ForeignSubnet(first.Name, l.Subnet)).ToArray();
        await Assert.That(TopologyValidator.Validate(second, others)).IsEmpty();
        await Assert.That(second.Lans[0].Subnet.First).IsEqualTo(taken.Max(s => s.First) + 256);
        // The same layout otherwise: only the subnets (and so the addresses) moved.
        await Assert.That(second.Deckies.Select(d => d.Name)).IsEquivalentTo(first.Deckies.Select(d => d.Name));
        // A wider foreign block in the middle of the base is skipped as a whole.
        var third = TopologySamples.Generated(seed: 1, depth: 2, branching: 2, taken: [Subnet.Parse("10.128.0.0/23")], id: "t0000000003");
        await Assert.That(third.Lans[0].Subnet.ToString()).IsEqualTo("10.128.2.0/24");
    }

    [Test]
    public async Task AnExhaustedBaseIsAClearError()
    {
        var p = TopologySamples.Parameters(seed: 3, depth: 4, branching: 4, subnetBase: "10.0.0.0/23");
        var e = Assert.Throws<TopologyGenerationException>(() => TopologyGenerator.Generate("t1", "x", p, [], TopologySamples.Now));
        await Assert.That(e.Message).Contains("--subnet-base 10.0.0.0/23 has no free /24");
    }

    [Test]
    [Arguments(0, 3, 1, 3, "--depth must be 1-16")]
    [Arguments(17, 3, 1, 3, "--depth must be 1-16")]
    [Arguments(3, 0, 1, 3, "--branching must be 1-8")]
    [Arguments(3, 9, 1, 3, "--branching must be 1-8")]
    [Arguments(3, 3, 0, 3, "--deckies-per-lan")]
    [Arguments(3, 3, 4, 3, "--deckies-per-lan")]
    [Arguments(3, 3, 1, 65, "--deckies-per-lan")]
    public async Task ParametersOutOfBoundsAreRefused(int depth, int branching, int min, int max, string expected)
    {
        var p = TopologySamples.Parameters(1, depth, branching, min, max);
        var e = Assert.Throws<TopologyGenerationException>(() => TopologyGenerator.Check(p));
        await Assert.That(e.Message).Contains(expected);
    }

    [Test]
    public async Task ArchetypeMixRestrictsWhatIsDrawnAndParsesStrictly()
    {
        await Assert.That(ArchetypeMix.TryParse("mail-server=2,printer", out var mix, out _)).IsTrue();
        var t = TopologyGenerator.Generate("t1", "mix", TopologySamples.Parameters(seed: 5, depth: 3, mix: mix), [], TopologySamples.Now);
        await Assert.That(t.Deckies.All(d => d.Archetype is "mail-server" or "printer")).IsTrue();
        await Assert.That(ArchetypeMix.TryParse("toaster=1", out _, out var error)).IsFalse();
        await Assert.That(error).Contains("unknown archetype 'toaster'");
        await Assert.That(ArchetypeMix.TryParse("printer=0", out _, out error)).IsFalse();
        await Assert.That(ArchetypeMix.TryParse("printer,printer", out _, out error)).IsFalse();
    }

    [Test]
    public async Task CataloguesHoldWhatTheIssueAsksFor()
    {
        await Assert.That(ServiceCatalog.All.Count).IsGreaterThanOrEqualTo(20);
        foreach (var s in new[] { "ssh", "telnet", "http", "https", "ftp", "smb", "rdp", "vnc", "mysql", "postgres", "mssql", "redis", "mongodb", "elasticsearch", "imap", "pop3", "smtp", "snmp", "mqtt", "sip" })
            await Assert.That(ServiceCatalog.IsKnown(s)).IsTrue().Because(s);
        await Assert.That(ServiceCatalog.All.Select(s => s.Name).Distinct().Count()).IsEqualTo(ServiceCatalog.All.Count);
        foreach (var a in ArchetypeCatalog.All)
        {
            foreach (var s in a.UsualServices) await Assert.That(ServiceCatalog.IsKnown(s)).IsTrue().Because($"{a.Name}: {s}");
            foreach (var d in a.Distros) await Assert.That(DistroCatalog.Find(d)).IsNotNull().Because($"{a.Name}: {d}");
        }
        foreach (var name in new[] { "workstation", "file-server", "domain-controller", "web-server", "database", "iot-camera", "printer" })
            await Assert.That(ArchetypeCatalog.Find(name)).IsNotNull();
    }

    [Test]
    [Arguments("10.128.0.0/9", true, "")]
    [Arguments("10.128.0.1/9", false, "host bits")]
    [Arguments("10.128.0.0", false, "not a CIDR")]
    [Arguments("10.300.0.0/16", false, "not an IPv4")]
    [Arguments("10.0.0.0/33", false, "prefix")]
    public async Task SubnetParsing(string text, bool ok, string error)
    {
        await Assert.That(Subnet.TryParse(text, out var s, out var e)).IsEqualTo(ok);
        if (ok) await Assert.That(s.ToString()).IsEqualTo(text);
        else await Assert.That(e).Contains(error);
    }
}
