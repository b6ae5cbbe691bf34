using System.Buffers.Binary;
using System.Net;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Allocation-free IP address text and value conversions. IPv4 values are host-order uint; IPv6 values are
/// UInt128 with the first address byte in the top bits.
/// </summary>
public static class IpNumber
{
    /// <summary>Parses dotted-quad IPv4 (exactly four decimal parts, each ≤ 255, no leading '+' or spaces).</summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var part = 0;
        var digits = 0;
        uint acc = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3) return false;
                value = value << 8 | acc;
                part++; digits = 0; acc = 0;
            }
            else if ((uint)(c - '0') <= 9)
            {
                if (++digits > 3) return false;
                acc = acc * 10 + (uint)(c - '0');
                if (acc > 255) return false;
            }
            else return false;
        }
        if (digits == 0 || part != 3) return false;
        value = value << 8 | acc;
        return true;
    }

    public static bool TryParseIPv4(ReadOnlySpan<byte> text, out uint value)
    {
        Span<char> chars = stackalloc char[15];
        if (text.Length > 15) { value = 0; return false; }
        for (var i = 0; i < text.Length; i++) chars[i] = (char)text[i];
        return TryParseIPv4(chars[..text.Length], out value);
    }

    /// <summary>Parses IPv6 text: hex groups, one "::", an optional dotted IPv4 tail, an optional %zone (ignored).</summary>
    public static bool TryParseIPv6(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = 0;
        var zone = text.IndexOf('%');
        if (zone >= 0) text = text[..zone];
        if (text.Length < 2) return false;
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1;
        var i = 0;
        if (text[0] == ':')
        {
            if (text[1] != ':') return false;
            gap = 0; i = 2;
            if (text.Length == 2) { value = 0; return true; }
        }
        while (i < text.Length)
        {
            if (count == 8) return false;
            var start = i;
            uint acc = 0;
            while (i < text.Length && i - start < 5 && IsHex(text[i])) acc = acc << 4 | HexValue(text[i++]);
            if (i < text.Length && text[i] == '.')
            {
                // Dotted IPv4 tail: takes the last two groups.
                if (count > 6 || !TryParseIPv4(text[start..], out var v4)) return false;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = text.Length;
                break;
            }
            if (i == start || i - start > 4) return false;
            groups[count++] = (ushort)acc;
            if (i == text.Length) break;
            if (text[i] != ':') return false;
            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (gap >= 0) return false;
                gap = count; i++;
                if (i == text.Length) break;
            }
            else if (i == text.Length) return false; // trailing single ':'
        }
        if (gap < 0 ? count != 8 : count > 7) return false;
        UInt128 result = 0;
        var fill = 8 - count;
        for (var g = 0; g < count; g++)
        {
            if (g == gap) result <<= 16 * fill;
            result = result << 16 | groups[g];
        }
        if (gap == count) result <<= 16 * fill;
        value = result;
        return true;
    }

    /// <summary>Parses either family. IPv4 text gives IsIPv6 false and the 32-bit value.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out bool isIPv6, out UInt128 value)
    {
        text = text.Trim();
        if (text.Contains(':'))
        {
            isIPv6 = true;
            return TryParseIPv6(text, out value);
        }
        isIPv6 = false;
        var ok = TryParseIPv4(text, out var v4);
        value = v4;
        return ok;
    }

    public static UInt128 ToUInt128(ReadOnlySpan<byte> sixteenBytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(sixteenBytes), BinaryPrimitives.ReadUInt64BigEndian(sixteenBytes[8..]));

    /// <summary>The value of an address without allocating; false for families other than IPv4/IPv6.</summary>
    public static bool TryGetValue(IPAddress address, out bool isIPv6, out UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) { isIPv6 = false; value = 0; return false; }
        isIPv6 = written == 16;
        value = written == 16 ? ToUInt128(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return written is 4 or 16;
    }

    /// <summary>True for ::ffff:a.b.c.d; gives the embedded IPv4 value.</summary>
    public static bool IsIPv4Mapped(UInt128 ipv6, out uint ipv4)
    {
        ipv4 = (uint)ipv6;
        // The high half first: one compare, false for every public IPv6 address.
        return (ulong)(ipv6 >> 64) == 0 && (ulong)ipv6 >> 32 == 0xFFFF;
    }

    public static string Format(bool isIPv6, UInt128 value)
    {
        if (!isIPv6) return Format((uint)value);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)(value >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (ulong)value);
        return new IPAddress(bytes).ToString();
    }

    public static string Format(uint ipv4) => $"{ipv4 >> 24}.{(ipv4 >> 16) & 0xFF}.{(ipv4 >> 8) & 0xFF}.{ipv4 & 0xFF}";

    private static bool IsHex(char c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 5;
    private static uint HexValue(char c) => (uint)(c - '0') <= 9 ? (uint)(c - '0') : (uint)((c | 0x20) - 'a' + 10);
}
