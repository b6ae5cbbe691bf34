using System.Net;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// AS number and organisation for any IPv4 or IPv6 address, from IP→ASN rows. Same structure and overlap rule as
/// <see cref="RirRangeIndex"/> (see <see cref="IntervalIndex{T}"/>); lookups are allocation-free and thread-safe.
/// </summary>
public sealed class AsnTable
{
    internal IntervalIndex<uint> V4 { get; }
    internal IntervalIndex<UInt128> V6 { get; }
    internal uint[] RowAsn { get; }
    internal int[] RowOrganisation { get; }
    internal string[] Organisations { get; }

    public IReadOnlyList<AsnFileSummary> Sources { get; }

    internal AsnTable(IntervalIndex<uint> v4, IntervalIndex<UInt128> v6, uint[] rowAsn, int[] rowOrganisation, string[] organisations, IReadOnlyList<AsnFileSummary> sources,
        (ulong[]? V4, ulong[]? V6) savedTries = default)
    {
        V4 = v4; V6 = v6; RowAsn = rowAsn; RowOrganisation = rowOrganisation; Organisations = organisations; Sources = sources;
        _v4 = new PackedIPv4Intervals(v4, Payload, savedTries.V4);
        _v6 = new PackedIPv6Intervals(v6, Payload, savedTries.V6);
    }

    private readonly PackedIPv4Intervals _v4;
    private readonly PackedIPv6Intervals _v6;

    /// <summary>Slots in the IPv4 and IPv6 lookup tries (8 bytes each).</summary>
    internal (int V4, int V6) TrieSlots => (_v4.TrieSlots, _v6.TrieSlots);

    /// <summary>The lookup tries, for the saved index file.</summary>
    internal (ulong[] V4, ulong[] V6) Tries => (_v4.Trie, _v6.Trie);
    private const uint NoDataPayload = uint.MaxValue;
    private const uint NotPublicPayload = uint.MaxValue - 1;

    private static uint Payload(int row) => row switch
    {
        >= 0 => (uint)row,
        IntervalIndex<uint>.NotPublic => NotPublicPayload,
        _ => NoDataPayload,
    };

    private AsnResult FromPayload(uint payload, bool isIPv6, UInt128 start, UInt128 end) => payload switch
    {
        NoDataPayload => new AsnResult(AsnStatus.NotFound, 0, "", isIPv6, start, end),
        NotPublicPayload => new AsnResult(AsnStatus.NotPublic, 0, "", isIPv6, start, end),
        _ => new AsnResult(AsnStatus.Found, RowAsn[payload], Organisations[RowOrganisation[payload]], isIPv6, start, end),
    };

    public int RowCount => RowAsn.Length;
    public int OrganisationCount => Organisations.Length;
    public int IPv4Intervals => V4.Count;
    public int IPv6Intervals => V6.Count;

    public static AsnTable Build(IReadOnlyList<AsnRow> rows, IReadOnlyList<AsnFileSummary>? sources = null)
    {
        var names = new OrganisationNames();
        var v4Rows = new (uint, uint)[rows.Count];
        var v6Rows = new (UInt128, UInt128)[rows.Count];
        var asn = new uint[rows.Count];
        var org = new int[rows.Count];
        // Row numbers are shared: each family's list holds empty placeholders for the other family's rows.
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            v4Rows[i] = r.IsIPv6 ? (1, 0) : ((uint)r.Start, (uint)r.End);
            v6Rows[i] = r.IsIPv6 ? (r.Start, r.End) : (1, 0);
            asn[i] = r.Asn;
            org[i] = names.IdOf(r.Organisation);
        }
        var v4 = IntervalIndex<uint>.Build(v4Rows, NonPublicRanges.IPv4Blocks().Select(b => ((uint)b.Start, (uint)b.End)));
        var v6 = IntervalIndex<UInt128>.Build(v6Rows, NonPublicRanges.IPv6Blocks());
        return new AsnTable(v4, v6, asn, org, names.All.ToArray(), sources ?? []);
    }

    /// <summary>Parses every file (plain or .gz, TSV or CSV) in the order given and builds the table.</summary>
    public static AsnTable BuildFromFiles(IEnumerable<string> paths)
    {
        var rows = new List<AsnRow>(512_000);
        var names = new OrganisationNames();
        var sources = new List<AsnFileSummary>();
        foreach (var path in paths) sources.Add(AsnFileParser.ParseFile(path, rows, names));
        return Build(rows, sources);
    }

    public AsnResult Lookup(uint ipv4)
    {
        var payload = _v4.Find(ipv4, out var start, out var end);
        return FromPayload(payload, false, start, end);
    }

    /// <summary>IPv6 lookup; an IPv4-mapped address (::ffff:a.b.c.d) is answered as IPv4.</summary>
    public AsnResult Lookup(UInt128 ipv6)
    {
        if (IpNumber.IsIPv4Mapped(ipv6, out var v4)) return Lookup(v4);
        var payload = _v6.Find(ipv6, out var start, out var end);
        return FromPayload(payload, true, start, end);
    }

    public AsnResult Lookup(IPAddress address) =>
        IpNumber.TryGetValue(address, out var v6, out var value) ? (v6 ? Lookup(value) : Lookup((uint)value)) : AsnResult.Invalid;

    public AsnResult Lookup(ReadOnlySpan<char> text) =>
        IpNumber.TryParse(text, out var v6, out var value) ? (v6 ? Lookup(value) : Lookup((uint)value)) : AsnResult.Invalid;
}
