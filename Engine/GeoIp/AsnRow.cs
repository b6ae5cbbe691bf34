namespace Decnet.Engine.GeoIp;

/// <summary>One kept IP→ASN row. IPv4 rows hold 32-bit values in Start/End; End is inclusive.</summary>
public readonly record struct AsnRow(bool IsIPv6, UInt128 Start, UInt128 End, uint Asn, string Organisation);

/// <summary>What one ASN table file held. Rows counts data lines; NotRouted counts rows with ASN 0 / "Not routed".</summary>
public sealed record AsnFileSummary(string FileName, string Format, int Rows, int Kept, int NotRouted, int Malformed, IReadOnlyList<string> Samples);

public enum AsnStatus : byte
{
    Found,
    NotFound,
    NotPublic,
    Invalid,
}

/// <summary>An ASN lookup; RangeStart..RangeEnd (inclusive) as in <see cref="GeoResult"/>.</summary>
public readonly record struct AsnResult(AsnStatus Status, uint Asn, string Organisation, bool IsIPv6, UInt128 RangeStart, UInt128 RangeEnd)
{
    public static AsnResult Invalid => new(AsnStatus.Invalid, 0, "", false, 0, 0);

    public string FormatRangeStart() => IpNumber.Format(IsIPv6, RangeStart);
    public string FormatRangeEnd() => IpNumber.Format(IsIPv6, RangeEnd);
    public string FormatRange() => Status == AsnStatus.Invalid ? "" : $"{FormatRangeStart()}-{FormatRangeEnd()}";
}
