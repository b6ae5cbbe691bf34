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

    internal AsnTable(IntervalIndex<uint> v4, IntervalIndex<UInt128> v6, uint[] rowAsn, int[] rowOrganisation, string[] organisations, IReadOnlyList<AsnFileSummary> sources)
    {
        V4 = v4; V6 = v6; RowAsn = rowAsn; RowOrganisation = rowOrganisation; Organisations = organisations; Sources = sources;
    }

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
        var i = V4.Find(ipv4);
        var row = V4.Rows[i];
        return row >= 0
            ? new AsnResult(AsnStatus.Found, RowAsn[row], Organisations[RowOrganisation[row]], false, V4.Starts[i], V4.IntervalEnd(i))
            : new AsnResult(row == IntervalIndex<uint>.NotPublic ? AsnStatus.NotPublic : AsnStatus.NotFound, 0, "", false, V4.Starts[i], V4.IntervalEnd(i));
    }

    /// <summary>IPv6 lookup; an IPv4-mapped address (::ffff:a.b.c.d) is answered as IPv4.</summary>
    public AsnResult Lookup(UInt128 ipv6)
    {
        if (IpText.IsIPv4Mapped(ipv6, out var v4)) return Lookup(v4);
        var i = V6.Find(ipv6);
        var row = V6.Rows[i];
        return row >= 0
            ? new AsnResult(AsnStatus.Found, RowAsn[row], Organisations[RowOrganisation[row]], true, V6.Starts[i], V6.IntervalEnd(i))
            : new AsnResult(row == IntervalIndex<UInt128>.NotPublic ? AsnStatus.NotPublic : AsnStatus.NotFound, 0, "", true, V6.Starts[i], V6.IntervalEnd(i));
    }

    public AsnResult Lookup(IPAddress address) =>
        IpText.TryGetValue(address, out var v6, out var value) ? (v6 ? Lookup(value) : Lookup((uint)value)) : AsnResult.Invalid;

    public AsnResult Lookup(ReadOnlySpan<char> text) =>
        IpText.TryParse(text, out var v6, out var value) ? (v6 ? Lookup(value) : Lookup((uint)value)) : AsnResult.Invalid;
}
