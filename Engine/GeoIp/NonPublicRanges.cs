namespace Decnet.Engine.GeoIp;

/// <summary>
/// Address blocks that never belong to a country: they are baked into every index above all data rows, so a lookup
/// answers <see cref="GeoStatus.NotPublic"/> for them at no extra cost.
/// </summary>
public static class NonPublicRanges
{
    public static readonly IReadOnlyList<(string Cidr, string Why)> IPv4 =
    [
        ("0.0.0.0/8", "this network / unspecified"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation TEST-NET-1"),
        ("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation TEST-NET-2"),
        ("203.0.113.0/24", "documentation TEST-NET-3"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved, includes broadcast 255.255.255.255"),
    ];

    public static readonly IReadOnlyList<(string Cidr, string Why)> IPv6 =
    [
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("100::/64", "discard-only"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation (RFC 9637)"),
        ("fc00::/7", "unique local"),
        ("fe80::/10", "link-local"),
        ("ff00::/8", "multicast"),
    ];

    public static IEnumerable<(UInt128 Start, UInt128 End)> IPv4Blocks() => IPv4.Select(b => Block(b.Cidr, false));
    public static IEnumerable<(UInt128 Start, UInt128 End)> IPv6Blocks() => IPv6.Select(b => Block(b.Cidr, true));

    private static (UInt128 Start, UInt128 End) Block(string cidr, bool v6)
    {
        var slash = cidr.IndexOf('/');
        var bits = v6 ? 128 : 32;
        var prefix = int.Parse(cidr.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
        if (!IpNumber.TryParse(cidr.AsSpan(0, slash), out _, out var start)) throw new InvalidOperationException(cidr);
        var size = prefix == 0 ? UInt128.MaxValue : (UInt128.One << (bits - prefix)) - 1;
        return (start, start + size);
    }
}
