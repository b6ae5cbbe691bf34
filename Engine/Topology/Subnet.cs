using System.Globalization;

namespace Decnet.Engine.Topology;

/// <summary>An IPv4 network: address (host order) and prefix length. Topology LANs are /24s.</summary>
public readonly record struct Subnet(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
    public uint First => Network & Mask;
    public uint Last => First | ~Mask;
    /// <summary>The Docker network gateway: the first host address (<c>.1</c> of a /24), never given to a decky.</summary>
    public uint Gateway => First + 1;
    public ulong Size => 1UL << (32 - PrefixLength);

    public bool Contains(uint address) => (address & Mask) == First;
    public bool Overlaps(Subnet other) => First <= other.Last && other.First <= Last;

    public override string ToString() => $"{FormatAddress(First)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    public static string FormatAddress(uint a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}");

    public static bool TryParseAddress(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var parts = 0;
        while (true)
        {
            var dot = text.IndexOf('.');
            var part = dot < 0 ? text : text[..dot];
            if (part.Length is 0 or > 3 || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255) return false;
            address = (address << 8) | octet;
            parts++;
            if (dot < 0) break;
            text = text[(dot + 1)..];
        }
        return parts == 4;
    }

    /// <summary>Parses <c>a.b.c.d/n</c>; the host bits must be zero (a base like <c>10.1.2.3/16</c> is a typo, not a network).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Subnet subnet, out string error)
    {
        subnet = default;
        var slash = text.IndexOf('/');
        if (slash < 0) { error = $"'{text}' is not a CIDR (expected a.b.c.d/n)"; return false; }
        if (!TryParseAddress(text[..slash], out var address)) { error = $"'{text}': '{text[..slash]}' is not an IPv4 address"; return false; }
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        { error = $"'{text}': prefix must be 0-32"; return false; }
        subnet = new Subnet(address, prefix);
        if (subnet.First != address) { error = $"'{text}' has host bits set (the network is {subnet})"; return false; }
        error = "";
        return true;
    }

    public static Subnet Parse(string text) =>
        TryParse(text, out var s, out var error) ? s : throw new FormatException(error);
}
