using System.Net;
using Decnet.Engine.GeoIp;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// The SSRF rule: a webhook may only reach public addresses. Non-public blocks come from
/// <see cref="NonPublicRanges"/>; IPv6 forms that embed an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible
/// ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16) are judged by the address they carry, and
/// Teredo (2001::/32, the v4 part is obfuscated) is refused outright.
/// </summary>
public static class AddressGuard
{
    private static readonly (UInt128 Start, UInt128 End)[] V4 = NonPublicRanges.IPv4Blocks().ToArray();
    private static readonly (UInt128 Start, UInt128 End)[] V6 = NonPublicRanges.IPv6Blocks().ToArray();

    /// <summary>Null when <paramref name="address"/> is public, else why it is refused.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (!IpNumber.TryGetValue(address, out var isV6, out var value)) return "not an IPv4/IPv6 address";
        return isV6 ? RefusalV6(value) : RefusalV4((uint)value);
    }

    public static bool IsPublic(IPAddress address) => Refusal(address) is null;

    private static string? RefusalV4(uint v4)
    {
        foreach (var (start, end) in V4)
            if (v4 >= start && v4 <= end) return Describe(false, v4, NonPublicRanges.IPv4);
        return null;
    }

    private static string? RefusalV6(UInt128 v6)
    {
        var high96 = v6 >> 32;
        if (high96 == 0xFFFF) return Embedded("IPv4-mapped", (uint)v6);
        if (high96 == 0 && v6 > 1) return Embedded("IPv4-compatible", (uint)v6);
        if (high96 == ((UInt128)0x0064_FF9B << 64)) return Embedded("NAT64", (uint)v6);
        if (v6 >> 80 == 0x0064_FF9B_0001) return Embedded("local NAT64", (uint)v6);
        if (v6 >> 112 == 0x2002) return Embedded("6to4", (uint)(v6 >> 80));
        if (v6 >> 96 == 0x2001_0000) return "Teredo (2001::/32)";
        foreach (var (start, end) in V6)
            if (v6 >= start && v6 <= end) return Describe(true, v6, NonPublicRanges.IPv6);
        return null;
    }

    private static string? Embedded(string form, uint v4) =>
        RefusalV4(v4) is { } why ? $"{form} form of {IpNumber.Format(v4)}: {why}" : null;

    private static string Describe(bool v6, UInt128 value, IReadOnlyList<(string Cidr, string Why)> table)
    {
        var blocks = v6 ? V6 : V4;
        for (var i = 0; i < blocks.Length; i++)
            if (value >= blocks[i].Start && value <= blocks[i].End) return $"{table[i].Why} ({table[i].Cidr})";
        return "not public";
    }
}
