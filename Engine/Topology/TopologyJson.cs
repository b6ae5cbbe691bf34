using System.Globalization;
using System.Text.Json;

namespace Decnet.Engine.Topology;

/// <summary>
/// `topology show --json` / `generate --json` / `list --json`: stable snake_case fields, ISO 8601 UTC times. The
/// layout is written in stored order, so two equal topologies print byte-identical JSON (id and times aside).
/// </summary>
public static class TopologyJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static byte[] Write(Topology t)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Indented)) WriteTopology(w, t);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] WriteList(IReadOnlyList<TopologySummary> list)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            w.WriteStartArray();
            foreach (var s in list)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("name", s.Name);
                w.WriteString("status", s.Status.Name());
                w.WriteNumber("version", s.Version);
                w.WriteNumber("seed", s.Seed);
                w.WriteNumber("lans", s.LanCount);
                w.WriteNumber("deckies", s.DeckyCount);
                w.WriteString("created_at", Time(s.CreatedAt));
                w.WriteString("updated_at", Time(s.UpdatedAt));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteTopology(Utf8JsonWriter w, Topology t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("name", t.Name);
        w.WriteString("status", t.Status.Name());
        w.WriteNumber("version", t.Version);
        w.WriteString("created_at", Time(t.CreatedAt));
        w.WriteString("updated_at", Time(t.UpdatedAt));
        var p = t.Parameters;
        w.WriteStartObject("parameters");
        w.WriteNumber("seed", p.Seed);
        w.WriteNumber("depth", p.Depth);
        w.WriteNumber("branching", p.Branching);
        w.WriteNumber("deckies_min", p.DeckiesMin);
        w.WriteNumber("deckies_max", p.DeckiesMax);
        w.WriteNumber("cross_edges", p.CrossEdges);
        w.WriteString("subnet_base", p.SubnetBase.ToString());
        w.WriteString("archetype_mix", ArchetypeMix.Format(p.ArchetypeMix));
        w.WriteEndObject();
        w.WriteNumber("lan_count", t.Lans.Count);
        w.WriteNumber("decky_count", t.Deckies.Count);
        w.WriteStartArray("lans");
        foreach (var l in t.Lans)
        {
            w.WriteStartObject();
            w.WriteString("name", l.Name);
            if (l.Parent is null) w.WriteNull("parent"); else w.WriteString("parent", l.Parent);
            w.WriteString("subnet", l.Subnet.ToString());
            w.WriteString("gateway", Subnet.FormatAddress(l.Subnet.Gateway));
            w.WriteBoolean("internal", l.Internal);
            w.WriteNumber("depth", l.Depth);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("deckies");
        foreach (var d in t.Deckies) WriteDecky(w, d);
        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in t.Edges)
        {
            w.WriteStartObject();
            w.WriteString("from", e.From);
            w.WriteString("to", e.To);
            w.WriteString("via", e.Via);
            w.WriteBoolean("cross", e.Cross);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("events");
        foreach (var e in t.Events)
        {
            w.WriteStartObject();
            w.WriteString("from", e.From.Name());
            w.WriteString("to", e.To.Name());
            w.WriteString("reason", e.Reason);
            w.WriteString("at", Time(e.At));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteDecky(Utf8JsonWriter w, Decky d)
    {
        w.WriteStartObject();
        w.WriteString("name", d.Name);
        w.WriteString("archetype", d.Archetype);
        w.WriteString("distro", d.Distro);
        if (d.HomeLan is null) w.WriteNull("lan"); else w.WriteString("lan", d.HomeLan);
        w.WriteStartArray("addresses");
        foreach (var a in d.Addresses)
        {
            w.WriteStartObject();
            w.WriteString("lan", a.Lan);
            w.WriteString("ip", a.IpText);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("services");
        foreach (var s in d.Services) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteStartArray("config");
        foreach (var c in d.Config)
        {
            w.WriteStartObject();
            w.WriteString("service", c.Service);
            w.WriteString("key", c.Key);
            w.WriteString("value", c.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("ports");
        foreach (var p in d.Ports)
        {
            w.WriteStartObject();
            w.WriteString("service", p.Service);
            w.WriteNumber("host_port", p.HostPort);
            w.WriteNumber("port", ServiceCatalog.Find(p.Service)?.Port ?? 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
