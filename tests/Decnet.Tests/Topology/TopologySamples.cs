using Decnet.Engine.Topology;

namespace Decnet.Tests.Topology;

/// <summary>Small hand-made and generated topologies for the tests.</summary>
public static class TopologySamples
{
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero).AddTicks(1234);

    public static uint Ip(string text) => Subnet.TryParseAddress(text, out var a) ? a : throw new FormatException(text);

    public static TopologyParameters Parameters(int seed = 1, int depth = 3, int branching = 3, int min = 1, int max = 3, double cross = 0,
        string subnetBase = "10.128.0.0/9", IReadOnlyList<ArchetypeWeight>? mix = null) =>
        new(seed, depth, branching, min, max, cross, Subnet.Parse(subnetBase), mix ?? ArchetypeMix.Default);

    public static Engine.Topology.Topology Generated(int seed = 1, int depth = 3, int branching = 3, double cross = 0, IReadOnlyList<Subnet>? taken = null, string id = "t0000000001", string name = "sample") =>
        TopologyGenerator.Generate(id, name, Parameters(seed, depth, branching, cross: cross), taken ?? [], Now);

    /// <summary>
    /// DMZ LAN-00 (10.9.0.0/24) with web-00-1; LAN-01 (10.9.1.0/24) bridged by ws-01-1 (also 10.9.0.20), plus mail-01-2.
    /// Valid as built; tests break one thing each.
    /// </summary>
    public static Engine.Topology.Topology HandMade() => new()
    {
        Id = "thand000001",
        Name = "hand",
        Parameters = Parameters(subnetBase: "10.9.0.0/16"),
        CreatedAt = Now,
        UpdatedAt = Now,
        Lans =
        [
            new Lan("LAN-00", null, Subnet.Parse("10.9.0.0/24"), false, 0),
            new Lan("LAN-01", "LAN-00", Subnet.Parse("10.9.1.0/24"), true, 1),
        ],
        Deckies =
        [
            new Decky("web-00-1", "web-server", "debian-12", [new LanAddress("LAN-00", Ip("10.9.0.10"))], ["http", "https", "ssh"],
                [new ServiceSetting("ssh", "banner", "SSH-2.0-OpenSSH_9.2p1")], [new PublishedPort("http", 80), new PublishedPort("https", 443)]),
            new Decky("ws-01-1", "workstation", "windows-10", [new LanAddress("LAN-01", Ip("10.9.1.10")), new LanAddress("LAN-00", Ip("10.9.0.20"))], ["smb", "rdp"], [], []),
            new Decky("mail-01-2", "mail-server", "debian-12", [new LanAddress("LAN-01", Ip("10.9.1.11"))], ["smtp", "imap", "pop3"],
                [new ServiceSetting("smtp", "domain", "hand.example")], []),
        ],
        Edges = [new TopologyEdge("LAN-00", "LAN-01", "ws-01-1", false)],
    };

    public static Engine.Topology.Topology WithDecky(this Engine.Topology.Topology t, string name, Func<Decky, Decky> change) =>
        t with { Deckies = t.Deckies.Select(d => d.Name == name ? change(d) : d).ToArray() };

    public static string JsonWithoutIdsAndTimes(Engine.Topology.Topology t)
    {
        var json = System.Text.Encoding.UTF8.GetString(TopologyJson.Write(t));
        return StripVolatile(json);
    }

    /// <summary>Drops "id", "created_at", "updated_at" and "at" lines (indented JSON: one field a line).</summary>
    public static string StripVolatile(string json) => string.Join('\n', json.Split('\n').Where(l =>
    {
        var s = l.TrimStart();
        return !(s.StartsWith("\"id\":", StringComparison.Ordinal) || s.StartsWith("\"created_at\":", StringComparison.Ordinal)
            || s.StartsWith("\"updated_at\":", StringComparison.Ordinal) || s.StartsWith("\"at\":", StringComparison.Ordinal));
    }));
}
