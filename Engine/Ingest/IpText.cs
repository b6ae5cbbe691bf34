using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Decnet.Engine.Ingest;

/// <summary>
/// Validates and normalises an IP address given as UTF-8 text. Strict about IPv4 (exactly four decimal
/// octets: <see cref="IPAddress.TryParse(string, out IPAddress)"/> would also take "1" or "0x7f.1"),
/// canonical form for IPv6, and IPv4-mapped IPv6 (<c>::ffff:1.2.3.4</c>) folded to IPv4 so one attacker has one key.
/// </summary>
public static class IpText
{
    public static bool TryNormalize(ReadOnlySpan<byte> text, out string ip)
    {
        if (text.IndexOf((byte)':') < 0)
        {
            if (!IsStrictIPv4(text, out var canonical)) { ip = ""; return false; }
            ip = canonical ? Utf8Interner.Get(text) : Format(text);
            return true;
        }
        if (text.Length > 64 || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            ip = "";
            return false;
        }
        ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
        return true;
    }

    /// <summary>Same as the UTF-8 overload, for text already decoded.</summary>
    public static bool TryNormalize(string text, out string ip)
    {
        Span<byte> buffer = stackalloc byte[64];
        if (!Encoding.UTF8.TryGetBytes(text, buffer, out var n)) { ip = ""; return false; }
        return TryNormalize(buffer[..n], out ip);
    }

    private static bool IsStrictIPv4(ReadOnlySpan<byte> s, out bool canonical)
    {
        canonical = true;
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9 && i - start < 3) { value = value * 10 + (s[i] - '0'); i++; }
            var len = i - start;
            if (len == 0 || value > 255) return false;
            if (len > 1 && s[start] == '0') canonical = false;
            parts++;
            if (i == s.Length) return parts == 4;
            if (s[i] != '.' || parts == 4) return false;
            i++;
        }
    }

    private static string Format(ReadOnlySpan<byte> s)
    {
        Span<byte> octets = stackalloc byte[4];
        var part = 0;
        var value = 0;
        foreach (var c in s)
        {
            if (c == '.') { octets[part++] = (byte)value; value = 0; }
            else value = value * 10 + (c - '0');
        }
        octets[part] = (byte)value;
        return new IPAddress(octets).ToString();
    }
}
