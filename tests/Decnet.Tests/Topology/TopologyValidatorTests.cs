using Decnet.Engine.Topology;
using static Decnet.Tests.Topology.TopologySamples;
using T = Decnet.Engine.Topology.Topology;

namespace Decnet.Tests.Topology;

/// <summary>Each rule of issue 7 §3 against a hand-made topology broken in exactly that way.</summary>
public class TopologyValidatorTests
{
    private static readonly Dictionary<string, Func<T, T>> Breakages = new()
    {
        ["no-dmz"] = t => t with { Lans = [t.Lans[0] with { Name = "LAN-99" }, t.Lans[1] with { Parent = "LAN-99" }], Edges = [t.Edges[0] with { From = "LAN-99" }] },
        ["two-dmz"] = t => t with { Lans = [.. t.Lans, new Lan("LAN-02", null, Subnet.Parse("10.9.2.0/24"), false, 0)] },
        ["unreachable"] = t => t with { Edges = [] },
        ["decky-without-lan"] = t => t.WithDecky("mail-01-2", d => d with { Addresses = [] }),
        ["decky-in-missing-lan"] = t => t.WithDecky("mail-01-2", d => d with { Addresses = [new LanAddress("LAN-07", Ip("10.9.1.11"))] }),
        ["duplicate-decky-name"] = t => t.WithDecky("mail-01-2", d => d with { Name = "web-00-1" }),
        ["duplicate-lan-name"] = t => t with { Lans = [.. t.Lans, new Lan("LAN-01", "LAN-00", Subnet.Parse("10.9.2.0/24"), true, 1)] },
        ["ip-outside-subnet"] = t => t.WithDecky("mail-01-2", d => d with { Addresses = [new LanAddress("LAN-01", Ip("10.9.5.11"))] }),
        ["ip-is-gateway"] = t => t.WithDecky("mail-01-2", d => d with { Addresses = [new LanAddress("LAN-01", Ip("10.9.1.1"))] }),
        ["ip-duplicate"] = t => t.WithDecky("mail-01-2", d => d with { Addresses = [new LanAddress("LAN-01", Ip("10.9.1.10"))] }),
        ["subnet-overlap"] = t => t with { Lans = [t.Lans[0], t.Lans[1] with { Subnet = Subnet.Parse("10.9.0.0/24") }] },
        ["unknown-service"] = t => t.WithDecky("mail-01-2", d => d with { Services = [.. d.Services, "gopher"] }),
        ["config-undeclared"] = t => t.WithDecky("ws-01-1", d => d with { Config = [new ServiceSetting("ssh", "banner", "x")] }),
        ["host-port-duplicate"] = t => t.WithDecky("ws-01-1", d => d with { Ports = [new PublishedPort("smb", 443)] }),
        ["bridge-not-on-both"] = t => t.WithDecky("ws-01-1", d => d with { Addresses = [d.Addresses[0]] }),
    };

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["no-dmz"] = "topology hand: no DMZ (LAN-00)",
        ["two-dmz"] = "lan LAN-02: a second DMZ (no parent); only LAN-00 may have none",
        ["unreachable"] = "lan LAN-01: not reachable from the DMZ LAN-00",
        ["decky-without-lan"] = "decky mail-01-2: in no LAN",
        ["decky-in-missing-lan"] = "decky mail-01-2: LAN LAN-07 does not exist",
        ["duplicate-decky-name"] = "decky web-00-1: name used twice",
        ["duplicate-lan-name"] = "lan LAN-01: name used twice",
        ["ip-outside-subnet"] = "decky mail-01-2: 10.9.5.11 is outside LAN-01 10.9.1.0/24",
        ["ip-is-gateway"] = "decky mail-01-2: 10.9.1.1 is the gateway of LAN-01",
        ["ip-duplicate"] = "decky mail-01-2: 10.9.1.10 is also the address of ws-01-1",
        ["subnet-overlap"] = "lan LAN-01: subnet 10.9.0.0/24 overlaps LAN-00 10.9.0.0/24",
        ["unknown-service"] = "decky mail-01-2: unknown service 'gopher'",
        ["config-undeclared"] = "decky ws-01-1: config 'banner' for service ssh, which it does not declare",
        ["host-port-duplicate"] = "decky ws-01-1: host port 443 is also published by web-00-1",
        ["bridge-not-on-both"] = "edge LAN-00–LAN-01: bridge decky ws-01-1 is not on both LANs",
    };

    [Test]
    public async Task TheHandMadeTopologyIsValid()
    {
        await Assert.That(TopologyValidator.Validate(HandMade())).IsEmpty();
    }

    [Test]
    [Arguments("no-dmz")]
    [Arguments("two-dmz")]
    [Arguments("unreachable")]
    [Arguments("decky-without-lan")]
    [Arguments("decky-in-missing-lan")]
    [Arguments("duplicate-decky-name")]
    [Arguments("duplicate-lan-name")]
    [Arguments("ip-outside-subnet")]
    [Arguments("ip-is-gateway")]
    [Arguments("ip-duplicate")]
    [Arguments("subnet-overlap")]
    [Arguments("unknown-service")]
    [Arguments("config-undeclared")]
    [Arguments("host-port-duplicate")]
    [Arguments("bridge-not-on-both")]
    public async Task EachBrokenRuleIsOneLineNamingTheObject(string breakage)
    {
        var problems = TopologyValidator.Validate(Breakages[breakage](HandMade()));
        await Assert.That(problems).Contains(Expected[breakage]).Because(string.Join("\n", problems));
        foreach (var p in problems) await Assert.That(p).DoesNotContain("\n");
    }

    [Test]
    public async Task SubnetOverlapAcrossTopologiesIsReported()
    {
        var others = new[] { new ForeignSubnet("other", Subnet.Parse("10.9.1.0/24")), new ForeignSubnet("wide", Subnet.Parse("10.9.0.0/16")) };
        var problems = TopologyValidator.Validate(HandMade(), others);
        await Assert.That(problems).Contains("lan LAN-01: subnet 10.9.1.0/24 overlaps 10.9.1.0/24 of topology other");
        await Assert.That(problems).Contains("lan LAN-00: subnet 10.9.0.0/24 overlaps 10.9.0.0/16 of topology wide");
        await Assert.That(TopologyValidator.Validate(HandMade(), [new ForeignSubnet("apart", Subnet.Parse("10.9.2.0/24"))])).IsEmpty();
    }

    [Test]
    public async Task AllProblemsAreReportedNotOnlyTheFirst()
    {
        var t = Breakages["unknown-service"](Breakages["ip-is-gateway"](HandMade()));
        var problems = TopologyValidator.Validate(t);
        await Assert.That(problems.Count).IsEqualTo(2);
    }
}
