namespace Decnet.Engine.Topology;

/// <summary>
/// `topology show --format dot`: a Graphviz graph. LANs are boxes (the DMZ double-bordered), deckies ellipses joined
/// to each LAN they have an address on; bridge deckies are filled, cross-links dashed.
/// </summary>
public static class TopologyDotWriter
{
    public static void Write(TextWriter o, Topology t)
    {
        var treeBridges = t.Edges.Where(e => !e.Cross).Select(e => e.Via).ToHashSet(StringComparer.Ordinal);
        var crossLinks = t.Edges.Where(e => e.Cross).Select(e => (e.Via, e.To)).ToHashSet();
        o.WriteLine($"graph {Quote(t.Name)} {{");
        o.WriteLine("  graph [rankdir=TB, fontname=\"Helvetica\", label=" + Quote($"{t.Name} ({t.Id}) {t.Status.Name()}") + "];");
        o.WriteLine("  node [fontname=\"Helvetica\", fontsize=10];");
        foreach (var l in t.Lans)
        {
            var style = l.Parent is null ? "peripheries=2, style=filled, fillcolor=\"#fde2e2\"" : "style=filled, fillcolor=\"#e2ecfd\"";
            o.WriteLine($"  {Quote(l.Name)} [shape=box, {style}, label={Quote($"{l.Name}\n{l.Subnet}")}];");
        }
        foreach (var d in t.Deckies)
        {
            var fill = treeBridges.Contains(d.Name) ? ", style=filled, fillcolor=\"#d9f2d9\"" : "";
            o.WriteLine($"  {Quote(d.Name)} [shape=ellipse{fill}, label={Quote($"{d.Name}\n{string.Join(",", d.Services)}")}];");
            for (var i = 0; i < d.Addresses.Count; i++)
            {
                var a = d.Addresses[i];
                if (crossLinks.Contains((d.Name, a.Lan)))
                    // Cross-links do not shape the ranks: the tree stays a tree on the page.
                    o.WriteLine($"  {Quote(a.Lan)} -- {Quote(d.Name)} [label={Quote(a.IpText)}, fontsize=8, style=dashed, constraint=false];");
                else if (i == 0 && treeBridges.Contains(d.Name))
                    // A bridge hangs below its parent LAN and above the LAN it leads into.
                    o.WriteLine($"  {Quote(d.Name)} -- {Quote(a.Lan)} [label={Quote(a.IpText)}, fontsize=8, penwidth=2];");
                else
                    o.WriteLine($"  {Quote(a.Lan)} -- {Quote(d.Name)} [label={Quote(a.IpText)}, fontsize=8{(treeBridges.Contains(d.Name) ? ", penwidth=2" : "")}];");
            }
        }
        o.WriteLine("}");
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
