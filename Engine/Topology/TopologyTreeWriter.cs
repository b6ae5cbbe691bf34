namespace Decnet.Engine.Topology;

/// <summary>`topology show --format tree`: the LAN tree, each LAN's deckies, bridges and cross-links, as indented text.</summary>
public static class TopologyTreeWriter
{
    public static void Write(TextWriter o, Topology t)
    {
        o.WriteLine($"{t.Name} ({t.Id}) {t.Status.Name()}: {t.Lans.Count} LANs, {t.Deckies.Count} deckies, seed {t.Parameters.Seed}");
        var children = t.Lans.Where(l => l.Parent is not null).GroupBy(l => l.Parent!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var home = t.Deckies.Where(d => d.HomeLan is not null).GroupBy(d => d.HomeLan!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var bridgeOf = t.Edges.Where(e => !e.Cross).GroupBy(e => e.To).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var cross = t.Edges.Where(e => e.Cross).GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byName = t.Deckies.GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var root in t.Lans.Where(l => l.Parent is null))
            WriteLan(o, root, "", "", children, home, bridgeOf, cross, byName);
    }

    private static void WriteLan(TextWriter o, Lan lan, string lead, string indent, Dictionary<string, List<Lan>> children,
        Dictionary<string, List<Decky>> home, Dictionary<string, TopologyEdge> bridgeOf, Dictionary<string, List<TopologyEdge>> cross,
        Dictionary<string, Decky> byName)
    {
        var kind = lan.Parent is null ? "dmz" : "internal";
        var via = bridgeOf.TryGetValue(lan.Name, out var e) && byName.TryGetValue(e.Via, out var b)
            ? $" via {e.Via} ({b.Addresses.FirstOrDefault(a => a.Lan == e.From).IpText} ↔ {b.Addresses.FirstOrDefault(a => a.Lan == e.To).IpText})" : "";
        o.WriteLine($"{lead}{lan.Name} {lan.Subnet} {kind}{via}");
        var items = new List<Action<string, string>>();
        foreach (var d in home.GetValueOrDefault(lan.Name) ?? [])
            items.Add((l, _) => o.WriteLine($"{l}{d.Name} {d.Addresses[0].IpText} {d.Archetype} {d.Distro} [{string.Join(", ", d.Services)}]"
                + (d.Ports.Count > 0 ? " ports " + string.Join(",", d.Ports.Select(p => p.HostPort)) : "")));
        foreach (var c in cross.GetValueOrDefault(lan.Name) ?? [])
            items.Add((l, _) => o.WriteLine($"{l}⇢ cross-link to {c.To} via {c.Via}"));
        foreach (var child in children.GetValueOrDefault(lan.Name) ?? [])
            items.Add((l, i) => WriteLan(o, child, l, i, children, home, bridgeOf, cross, byName));
        for (var k = 0; k < items.Count; k++)
        {
            var last = k == items.Count - 1;
            items[k](indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "));
        }
    }
}
