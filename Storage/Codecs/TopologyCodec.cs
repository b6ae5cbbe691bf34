using System.Globalization;
using Decnet.Engine.Topology;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="Topology"/> ⇄ two documents: the header in <c>topologies</c> (<c>_id</c> = id; name, parameters,
/// status, version, times, counts, the LAN subnets for allocation, the status events) and the layout in
/// <c>topology_layouts</c> (<c>_id</c> = id; LANs, deckies and edges packed as binary fields, written once at
/// generation). A status change rewrites only the small header; `topology list` never reads a layout.
/// </summary>
public static class TopologyCodec
{
    public const string Collection = "topologies";
    public const string LayoutCollection = "topology_layouts";
    public const string NameField = "name";
    public const string VersionField = "version";
    public const string StatusField = "status";
    private const string Record = "topology";
    private const string LayoutRecord = "topology layout";
    private const byte Format = 1;

    public static BsonDocument EncodeHeader(Topology t)
    {
        var p = t.Parameters;
        var subnets = new PackedWriter(8 + t.Lans.Count * 5);
        subnets.Varint(Format);
        subnets.Varint((ulong)t.Lans.Count);
        foreach (var l in t.Lans) { subnets.Varint(l.Subnet.Network); subnets.Varint((ulong)l.Subnet.PrefixLength); }
        var events = new BsonArray();
        foreach (var e in t.Events)
            events.Add(new BsonDocument { ["from"] = e.From.Name(), ["to"] = e.To.Name(), ["reason"] = e.Reason, ["at"] = BsonFields.Ticks(e.At) });
        return new BsonDocument
        {
            ["_id"] = t.Id,
            [NameField] = t.Name,
            [StatusField] = t.Status.Name(),
            [VersionField] = t.Version,
            ["created"] = BsonFields.Ticks(t.CreatedAt),
            ["updated"] = BsonFields.Ticks(t.UpdatedAt),
            ["seed"] = p.Seed,
            ["depth"] = p.Depth,
            ["branching"] = p.Branching,
            ["deckies_min"] = p.DeckiesMin,
            ["deckies_max"] = p.DeckiesMax,
            // Kept as text: a BSON double would do, but the exact text the operator gave survives a round trip either way.
            ["cross_edges"] = p.CrossEdges.ToString("R", CultureInfo.InvariantCulture),
            ["subnet_base"] = p.SubnetBase.ToString(),
            ["archetype_mix"] = ArchetypeMix.Format(p.ArchetypeMix),
            ["lan_count"] = t.Lans.Count,
            ["decky_count"] = t.Deckies.Count,
            ["subnets"] = subnets.ToArray(),
            ["events"] = events,
        };
    }

    public static BsonDocument EncodeLayout(Topology t)
    {
        var lans = new PackedWriter(8 + t.Lans.Count * 24);
        lans.Varint(Format);
        lans.Varint((ulong)t.Lans.Count);
        foreach (var l in t.Lans)
        {
            lans.String(l.Name);
            lans.NullableString(l.Parent);
            lans.Varint(l.Subnet.Network);
            lans.Varint((ulong)l.Subnet.PrefixLength);
            lans.Varint(l.Internal ? 1u : 0u);
            lans.Varint((ulong)l.Depth);
        }
        var deckies = new PackedWriter(8 + t.Deckies.Count * 96);
        deckies.Varint(Format);
        deckies.Varint((ulong)t.Deckies.Count);
        foreach (var d in t.Deckies)
        {
            deckies.String(d.Name);
            deckies.String(d.Archetype);
            deckies.String(d.Distro);
            deckies.Varint((ulong)d.Addresses.Count);
            foreach (var a in d.Addresses) { deckies.String(a.Lan); deckies.Varint(a.Ip); }
            deckies.Varint((ulong)d.Services.Count);
            foreach (var s in d.Services) deckies.String(s);
            deckies.Varint((ulong)d.Config.Count);
            foreach (var c in d.Config) { deckies.String(c.Service); deckies.String(c.Key); deckies.String(c.Value); }
            deckies.Varint((ulong)d.Ports.Count);
            foreach (var p in d.Ports) { deckies.String(p.Service); deckies.Varint((ulong)p.HostPort); }
        }
        var edges = new PackedWriter(8 + t.Edges.Count * 24);
        edges.Varint(Format);
        edges.Varint((ulong)t.Edges.Count);
        foreach (var e in t.Edges) { edges.String(e.From); edges.String(e.To); edges.String(e.Via); edges.Varint(e.Cross ? 1u : 0u); }
        return new BsonDocument { ["_id"] = t.Id, ["lans"] = lans.ToArray(), ["deckies"] = deckies.ToArray(), ["edges"] = edges.ToArray() };
    }

    public static TopologySummary DecodeSummary(BsonDocument h) => new(
        BsonFields.String(h, "_id", Record), BsonFields.String(h, NameField, Record), Status(h), BsonFields.Int64(h, VersionField, Record),
        BsonFields.Time(h, "created", Record), BsonFields.Time(h, "updated", Record),
        BsonFields.Int32(h, "lan_count", Record), BsonFields.Int32(h, "decky_count", Record), BsonFields.Int32(h, "seed", Record));

    public static IReadOnlyList<Subnet> DecodeSubnets(BsonDocument h)
    {
        var r = Reader(h, "subnets", Record);
        var list = new Subnet[r.Count()];
        for (var i = 0; i < list.Length; i++) list[i] = new Subnet(U32(ref r), Prefix(ref r));
        r.End();
        return list;
    }

    /// <summary>The header alone (empty layout): enough for a status change.</summary>
    public static Topology DecodeHeader(BsonDocument h) => Decode(h, null);

    public static Topology Decode(BsonDocument h, BsonDocument? layout)
    {
        var crossText = BsonFields.String(h, "cross_edges", Record);
        if (!double.TryParse(crossText, NumberStyles.Float, CultureInfo.InvariantCulture, out var cross)) throw BsonFields.Missing(Record, "cross_edges", "number");
        var baseText = BsonFields.String(h, "subnet_base", Record);
        if (!Subnet.TryParse(baseText, out var subnetBase, out _)) throw BsonFields.Missing(Record, "subnet_base", "CIDR");
        if (!ArchetypeMixText(BsonFields.String(h, "archetype_mix", Record), out var mix)) throw BsonFields.Missing(Record, "archetype_mix", "name=weight list");
        var events = new List<StatusEvent>();
        if (h.TryGetValue("events", out var ev) && ev.IsArray)
            foreach (var e in ev.AsArray)
            {
                if (!e.IsDocument) throw BsonFields.Missing(Record, "events", "array of documents");
                var doc = e.AsDocument;
                events.Add(new StatusEvent(StatusName(BsonFields.String(doc, "from", Record)), StatusName(BsonFields.String(doc, "to", Record)),
                    BsonFields.String(doc, "reason", Record), BsonFields.Time(doc, "at", Record)));
            }
        return new Topology
        {
            Id = BsonFields.String(h, "_id", Record),
            Name = BsonFields.String(h, NameField, Record),
            Status = Status(h),
            Version = BsonFields.Int64(h, VersionField, Record),
            CreatedAt = BsonFields.Time(h, "created", Record),
            UpdatedAt = BsonFields.Time(h, "updated", Record),
            Parameters = new TopologyParameters(BsonFields.Int32(h, "seed", Record), BsonFields.Int32(h, "depth", Record),
                BsonFields.Int32(h, "branching", Record), BsonFields.Int32(h, "deckies_min", Record), BsonFields.Int32(h, "deckies_max", Record),
                cross, subnetBase, mix),
            Events = events,
            Lans = layout is null ? [] : DecodeLans(layout),
            Deckies = layout is null ? [] : DecodeDeckies(layout),
            Edges = layout is null ? [] : DecodeEdges(layout),
        };
    }

    private static bool ArchetypeMixText(string text, out IReadOnlyList<ArchetypeWeight> mix)
    {
        // Stored mixes are not re-checked against today's catalogue: a topology stays readable after an archetype goes.
        var list = new List<ArchetypeWeight>();
        mix = list;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            if (eq < 0 || !int.TryParse(item.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var w)) return false;
            list.Add(new ArchetypeWeight(item[..eq], w));
        }
        return true;
    }

    private static List<Lan> DecodeLans(BsonDocument layout)
    {
        var r = Reader(layout, "lans", LayoutRecord);
        var n = r.Count();
        var lans = new List<Lan>(n);
        for (var i = 0; i < n; i++)
            lans.Add(new Lan(r.String(), r.NullableString(), new Subnet(U32(ref r), Prefix(ref r)), r.Varint() != 0, checked((int)r.Varint())));
        r.End();
        return lans;
    }

    private static List<Decky> DecodeDeckies(BsonDocument layout)
    {
        var r = Reader(layout, "deckies", LayoutRecord);
        var n = r.Count();
        var deckies = new List<Decky>(n);
        for (var i = 0; i < n; i++)
        {
            var name = r.String();
            var archetype = r.String();
            var distro = r.String();
            var addresses = new LanAddress[r.Count()];
            for (var k = 0; k < addresses.Length; k++) addresses[k] = new LanAddress(r.String(), U32(ref r));
            var services = new string[r.Count()];
            for (var k = 0; k < services.Length; k++) services[k] = r.String();
            var config = new ServiceSetting[r.Count()];
            for (var k = 0; k < config.Length; k++) config[k] = new ServiceSetting(r.String(), r.String(), r.String());
            var ports = new PublishedPort[r.Count()];
            for (var k = 0; k < ports.Length; k++) ports[k] = new PublishedPort(r.String(), checked((int)r.Varint()));
            deckies.Add(new Decky(name, archetype, distro, addresses, services, config, ports));
        }
        r.End();
        return deckies;
    }

    private static List<TopologyEdge> DecodeEdges(BsonDocument layout)
    {
        var r = Reader(layout, "edges", LayoutRecord);
        var n = r.Count();
        var edges = new List<TopologyEdge>(n);
        for (var i = 0; i < n; i++) edges.Add(new TopologyEdge(r.String(), r.String(), r.String(), r.Varint() != 0));
        r.End();
        return edges;
    }

    private static PackedReader Reader(BsonDocument doc, string key, string record)
    {
        var r = new PackedReader(BsonFields.Binary(doc, key, record), record, key);
        var format = r.Varint();
        if (format != Format) throw new StoreFormatException($"stored {record}: field '{key}' has format {format}, expected {Format}");
        return r;
    }

    private static uint U32(ref PackedReader r)
    {
        var v = r.Varint();
        return v <= uint.MaxValue ? (uint)v : throw new StoreFormatException("stored topology: an IPv4 address is out of range");
    }

    private static int Prefix(ref PackedReader r)
    {
        var v = r.Varint();
        return v <= 32 ? (int)v : throw new StoreFormatException("stored topology: a prefix length is out of range");
    }

    private static TopologyStatus Status(BsonDocument h) => StatusName(BsonFields.String(h, StatusField, Record));

    private static TopologyStatus StatusName(string s) =>
        TopologyStatusNames.TryParse(s, out var status) ? status : throw new StoreFormatException($"stored topology: unknown status '{s}'");
}
