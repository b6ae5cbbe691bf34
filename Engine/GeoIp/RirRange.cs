namespace Decnet.Engine.GeoIp;

/// <summary>
/// One kept row of a delegated-stats file. For IPv4 (<see cref="IsIPv6"/> false) Start/End are plain 32-bit
/// addresses held in a UInt128; for IPv6 they are 128-bit addresses. End is inclusive.
/// </summary>
public readonly record struct RirRange(bool IsIPv6, UInt128 Start, UInt128 End, ushort Country, RirRegistry Registry)
{
    public string CountryCode => GeoIp.CountryCode.Unpack(Country);
}

/// <summary>What one delegated-stats file held. DataDate is the version line's end date.</summary>
public sealed record RirFileSummary(
    string FileName,
    RirRegistry Registry,
    string Serial,
    DateOnly? DataDate,
    int Rows,
    int Kept,
    int Malformed,
    IReadOnlyList<string> Samples);
