using Decnet.Engine.Topology;

namespace Decnet.Tests.Topology;

/// <summary>Compose output checked by docker-compose itself, DOT output by Graphviz, and the tree text.</summary>
public class TopologyRenderingTests
{
    private static async Task<(int, string)> ComposeConfig(string yaml)
    {
        var tool = ExternalTool.Require("docker-compose", "docker-compose");
        var dir = Path.Combine(Path.GetTempPath(), "decnet-compose-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "docker-compose.yml");
            await File.WriteAllTextAsync(file, yaml);
            var (code, stdout, stderr) = await ExternalTool.RunAsync(tool, ["-f", file, "-p", "decnet-test", "config"]);
            return (code, code == 0 ? stdout : stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    [Arguments(1, 1, 0.0)]
    [Arguments(5, 3, 0.5)]
    [Arguments(6, 4, 0.2)]
    public async Task DockerComposeAcceptsTheRenderedProject(int seed, int depth, double cross)
    {
        var t = TopologySamples.Generated(seed: seed, depth: depth, cross: cross) with { Name = "quote\"$dollar" };
        var (code, output) = await ComposeConfig(ComposeRenderer.Render(t));
        await Assert.That(code).IsEqualTo(0).Because(output);
        // docker-compose's normalised view: one network per LAN, internal as planned, every container present.
        foreach (var lan in t.Lans) await Assert.That(output).Contains($"  {ComposeRenderer.NetworkKey(lan.Name)}:");
        foreach (var name in ComposeRenderer.ContainerNames(t)) await Assert.That(output).Contains($"  {name}:");
        await Assert.That(output).Contains("network_mode: service:");
        await Assert.That(output).Contains("decnet.topology.id: " + t.Id);
        await Assert.That(output).Contains("decnet.topology.name: quote\"$$dollar");
        var internalCount = output.Split('\n').Count(l => l.Trim() == "internal: true");
        await Assert.That(internalCount).IsEqualTo(t.Lans.Count(l => l.Internal));
    }

    [Test]
    public async Task DockerComposeRejectsABrokenFileSoTheCheckAboveMeansSomething()
    {
        var yaml = ComposeRenderer.Render(TopologySamples.HandMade()).Replace("network_mode: \"service:web-00-1\"", "network_mode: 12");
        var (code, _) = await ComposeConfig(yaml.Replace("    internal: false", "    internal: \"maybe\""));
        await Assert.That(code).IsNotEqualTo(0);
    }

    [Test]
    public async Task ComposeShapeOfTheHandMadeTopology()
    {
        var yaml = ComposeRenderer.Render(TopologySamples.HandMade());
        await Assert.That(yaml).Contains("  \"ws-01-1\":\n    image: \"debian:12-slim\"");
        await Assert.That(yaml).Contains("      \"lan-01\":\n        ipv4_address: \"10.9.1.10\"\n      \"lan-00\":\n        ipv4_address: \"10.9.0.20\"");
        await Assert.That(yaml).Contains("  \"mail-01-2-imap\":\n    image: \"decnet/imap:latest\"\n    network_mode: \"service:mail-01-2\"");
        await Assert.That(yaml).Contains("      - \"443:443/tcp\"");
        await Assert.That(yaml).Contains("  \"lan-01\":\n    driver: \"bridge\"\n    internal: true\n    ipam:\n      config:\n        - subnet: \"10.9.1.0/24\"\n          gateway: \"10.9.1.1\"");
        await Assert.That(yaml).Contains("      \"DECNET_CFG_BANNER\": \"SSH-2.0-OpenSSH_9.2p1\"");
        await Assert.That(ComposeRenderer.ContainerNames(TopologySamples.HandMade()).Count).IsEqualTo(3 + 3 + 2 + 3);
    }

    [Test]
    public async Task GraphvizParsesTheDotGraphIntoSvg()
    {
        var dot = ExternalTool.Require("dot", "graphviz");
        var t = TopologySamples.Generated(seed: 4, depth: 4, branching: 3, cross: 0.4) with { Name = "dot \"test\"" };
        var text = new StringWriter();
        TopologyDotWriter.Write(text, t);
        var (code, svg, err) = await ExternalTool.RunAsync(dot, ["-Tsvg"], text.ToString());
        await Assert.That(code).IsEqualTo(0).Because(err);
        await Assert.That(svg).Contains("<svg");
        foreach (var lan in t.Lans) await Assert.That(svg).Contains($"<title>{lan.Name.Replace("-", "&#45;")}</title>");
        foreach (var d in t.Deckies) await Assert.That(svg).Contains($"<title>{d.Name.Replace("-", "&#45;")}</title>");
        // A broken graph is refused, so the check above is real.
        var (bad, _, _) = await ExternalTool.RunAsync(dot, ["-Tsvg"], text.ToString().Replace(" -- ", " -- -- "));
        await Assert.That(bad).IsNotEqualTo(0);
    }

    [Test]
    public async Task TreeShowsLansDeckiesBridgesAndCrossLinks()
    {
        var text = new StringWriter();
        TopologyTreeWriter.Write(text, TopologySamples.HandMade());
        await Assert.That(text.ToString().ReplaceLineEndings("\n")).IsEqualTo(
            """
            hand (thand000001) pending: 2 LANs, 3 deckies, seed 1
            LAN-00 10.9.0.0/24 dmz
            ├─ web-00-1 10.9.0.10 web-server debian-12 [http, https, ssh] ports 80,443
            └─ LAN-01 10.9.1.0/24 internal via ws-01-1 (10.9.0.20 ↔ 10.9.1.10)
               ├─ ws-01-1 10.9.1.10 workstation windows-10 [smb, rdp]
               └─ mail-01-2 10.9.1.11 mail-server debian-12 [smtp, imap, pop3]

            """);
    }
}
