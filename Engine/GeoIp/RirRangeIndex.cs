using System.Net;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Country (and source registry) for any IPv4 or IPv6 address, from the delegated-stats rows. Built once, then
/// read-only: every lookup is allocation-free and thread-safe. The overlap rule is on <see cref="IntervalIndex{T}"/>.
/// </summary>
public sealed class RirRangeIndex
{
    internal IntervalIndex<uint> V4 { get; }
    internal IntervalIndex<UInt128> V6 { get; }
    // Payload per row number (shared by both families): packed country code and registry.
    internal ushort[] RowCountry { get; }
    internal RirRegistry[] RowRegistry { get; }

    /// <summary>What each source file held (empty for an index built from ranges alone).</summary>
    public IReadOnlyList<RirFileSummary> Sources { get; }

    internal RirRangeIndex(IntervalIndex<uint> v4, IntervalIndex<UInt128> v6, ushort[] rowCountry, RirRegistry[] rowRegistry, IReadOnlyList<RirFileSummary> sources,
        (ulong[]? V4, ulong[]? V6) savedTries = default)
    {
        V4 = v4; V6 = v6; RowCountry = rowCountry; RowRegistry = rowRegistry; Sources = sources;
        _v4 = new PackedIPv4Intervals(v4, Payload, savedTries.V4);
        _v6 = new PackedIPv6Intervals(v6, Payload, savedTries.V6);
    }

    private readonly PackedIPv4Intervals _v4;
    private readonly PackedIPv6Intervals _v6;

    /// <summary>Slots in the IPv4 and IPv6 lookup tries (8 bytes each).</summary>
    internal (int V4, int V6) TrieSlots => (_v4.TrieSlots, _v6.TrieSlots);

    /// <summary>The lookup tries, for the saved index file.</summary>
    internal (ulong[] V4, ulong[] V6) Tries => (_v4.Trie, _v6.Trie);

    // The answer packed for the lookup arrays (see GeoCountry.FromPayload).
    private uint Payload(int row) => row switch
    {
        >= 0 => (uint)GeoStatus.Found << 24 | (uint)RowRegistry[row] << 16 | (uint)CountryCode.ToIndex(RowCountry[row]),
        IntervalIndex<uint>.NotPublic => (uint)GeoStatus.NotPublic << 24,
        _ => (uint)GeoStatus.NotFound << 24,
    };

    private static GeoResult FromPayload(uint payload, bool isIPv6, UInt128 start, UInt128 end)
    {
        var c = GeoCountry.FromPayload(payload);
        return new(c.Status, c.CountryCode, c.Registry, isIPv6, start, end);
    }

    public int IPv4Intervals => V4.Count;
    public int IPv6Intervals => V6.Count;
    public int RowCount => RowCountry.Length;

    /// <summary>Builds from ranges in order (later files after earlier ones); see the overlap rule.</summary>
    public static RirRangeIndex Build(IEnumerable<RirRange> ranges, IReadOnlyList<RirFileSummary>? sources = null)
    {
        var v4Rows = new List<(uint, uint)>();
        var v6Rows = new List<(UInt128, UInt128)>();
        var country = new List<ushort>();
        var registry = new List<RirRegistry>();
        // Row numbers are shared: each family's list holds placeholders (empty ranges) for the other's rows.
        foreach (var r in ranges)
        {
            if (r.IsIPv6) { v6Rows.Add((r.Start, r.End)); v4Rows.Add((1, 0)); }
            else { v4Rows.Add(((uint)r.Start, (uint)r.End)); v6Rows.Add((1, 0)); }
            country.Add(r.Country);
            registry.Add(r.Registry);
        }
        var v4 = IntervalIndex<uint>.Build(v4Rows, NonPublicRanges.IPv4Blocks().Select(b => ((uint)b.Start, (uint)b.End)));
        var v6 = IntervalIndex<UInt128>.Build(v6Rows, NonPublicRanges.IPv6Blocks());
        return new RirRangeIndex(v4, v6, country.ToArray(), registry.ToArray(), sources ?? []);
    }

    /// <summary>Parses every file (in the order given) and builds the index.</summary>
    public static RirRangeIndex BuildFromFiles(IEnumerable<string> paths)
    {
        var ranges = new List<RirRange>(200_000);
        var sources = new List<RirFileSummary>();
        foreach (var path in paths) sources.Add(RirFileParser.ParseFile(path, ranges));
        return Build(ranges, sources);
    }

    /// <summary>Country, registry and status without the range: one table read for most addresses.</summary>
    public GeoCountry LookupCountry(uint ipv4) => GeoCountry.FromPayload(_v4.FindPayload(ipv4));

    /// <summary>As <see cref="LookupCountry(uint)"/>; an IPv4-mapped address is answered as IPv4.</summary>
    public GeoCountry LookupCountry(UInt128 ipv6) =>
        GeoCountry.FromPayload(IpNumber.IsIPv4Mapped(ipv6, out var v4) ? _v4.FindPayload(v4) : _v6.FindPayload(ipv6));

    public GeoResult Lookup(uint ipv4)
    {
        var payload = _v4.Find(ipv4, out var start, out var end);
        return FromPayload(payload, false, start, end);
    }

    /// <summary>The same answer found by a plain binary search over the same arrays (no bucket table): the bench's comparison.</summary>
    public GeoResult LookupByBinarySearch(uint ipv4) => ResultV4(V4.FindByBinarySearch(ipv4));

    /// <summary>The same answer found by a plain binary search over the same arrays (no bucket table): the bench's comparison.</summary>
    public GeoResult LookupByBinarySearch(UInt128 ipv6) =>
        IpNumber.IsIPv4Mapped(ipv6, out var v4) ? LookupByBinarySearch(v4) : ResultV6(V6.FindByBinarySearch(ipv6));

    private GeoResult ResultV4(int i)
    {
        var row = V4.Rows[i];
        var start = V4.Starts[i];
        var end = V4.IntervalEnd(i);
        return row >= 0
            ? new GeoResult(GeoStatus.Found, CountryCode.Unpack(RowCountry[row]), RowRegistry[row], false, start, end)
            : new GeoResult(row == IntervalIndex<uint>.NotPublic ? GeoStatus.NotPublic : GeoStatus.NotFound, "", RirRegistry.None, false, start, end);
    }

    /// <summary>IPv6 lookup; an IPv4-mapped address (::ffff:a.b.c.d) is answered as IPv4.</summary>
    public GeoResult Lookup(UInt128 ipv6)
    {
        if (IpNumber.IsIPv4Mapped(ipv6, out var v4)) return Lookup(v4);
        var payload = _v6.Find(ipv6, out var start, out var end);
        return FromPayload(payload, true, start, end);
    }

    private GeoResult ResultV6(int i)
    {
        var row = V6.Rows[i];
        var start = V6.Starts[i];
        var end = V6.IntervalEnd(i);
        return row >= 0
            ? new GeoResult(GeoStatus.Found, CountryCode.Unpack(RowCountry[row]), RowRegistry[row], true, start, end)
            : new GeoResult(row == IntervalIndex<UInt128>.NotPublic ? GeoStatus.NotPublic : GeoStatus.NotFound, "", RirRegistry.None, true, start, end);
    }

    public GeoResult Lookup(IPAddress address) =>
        IpNumber.TryGetValue(address, out var v6, out var value) ? (v6 ? Lookup(value) : Lookup((uint)value)) : GeoResult.Invalid;

    /// <summary>Text lookup ("1.2.3.4", "2001:db8::1", "::ffff:1.2.3.4"); Invalid for anything else.</summary>
    public GeoResult Lookup(ReadOnlySpan<char> text) =>
        IpNumber.TryParse(text, out var v6, out var value) ? (v6 ? Lookup(value) : Lookup((uint)value)) : GeoResult.Invalid;
}
