namespace Decnet.Engine.GeoIp;

public enum GeoStatus : byte
{
    /// <summary>A data row covers the address.</summary>
    Found,
    /// <summary>A public address that no row covers.</summary>
    NotFound,
    /// <summary>Private, loopback, link-local, CGNAT, multicast, documentation, reserved and similar blocks.</summary>
    NotPublic,
    /// <summary>The input was not an IPv4 or IPv6 address.</summary>
    Invalid,
}

/// <summary>
/// A country lookup. RangeStart..RangeEnd (inclusive) is the block around the address over which this answer
/// holds: the matched row minus any more specific row nested inside it. For IPv4 (IsIPv6 false, including
/// IPv4-mapped IPv6 input) the values are 32-bit addresses.
/// </summary>
public readonly record struct GeoResult(GeoStatus Status, string CountryCode, RirRegistry Registry, bool IsIPv6, UInt128 RangeStart, UInt128 RangeEnd)
{
    public static GeoResult Invalid => new(GeoStatus.Invalid, "", RirRegistry.None, false, 0, 0);

    public string FormatRangeStart() => IpNumber.Format(IsIPv6, RangeStart);
    public string FormatRangeEnd() => IpNumber.Format(IsIPv6, RangeEnd);

    /// <summary>"first-last", e.g. "1.0.0.0-1.0.0.255"; "" when invalid.</summary>
    public string FormatRange() => Status == GeoStatus.Invalid ? "" : $"{FormatRangeStart()}-{FormatRangeEnd()}";
}
