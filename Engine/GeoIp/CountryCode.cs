namespace Decnet.Engine.GeoIp;

/// <summary>
/// Two-letter country codes packed as two ASCII bytes in a ushort (first letter in the high byte); 0 = none.
/// Unpacking returns one shared string per code, so lookups never allocate.
/// </summary>
public static class CountryCode
{
    private static readonly string[] Names = BuildNames();

    private static string[] BuildNames()
    {
        var names = new string[26 * 26];
        for (var a = 0; a < 26; a++)
            for (var b = 0; b < 26; b++)
                names[a * 26 + b] = string.Concat((char)('A' + a), (char)('A' + b));
        return names;
    }

    /// <summary>Packs two letters (either case) as upper case; false for anything else.</summary>
    public static bool TryPack(ReadOnlySpan<byte> text, out ushort packed)
    {
        packed = 0;
        if (text.Length != 2) return false;
        var a = (byte)(text[0] & 0xDF);
        var b = (byte)(text[1] & 0xDF);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return false;
        packed = (ushort)(a << 8 | b);
        return true;
    }

    public static ushort Pack(string code)
    {
        if (code.Length == 2 && code[0] < 128 && code[1] < 128 && TryPack([(byte)code[0], (byte)code[1]], out var packed)) return packed;
        throw new ArgumentException($"not a two-letter country code: '{code}'", nameof(code));
    }

    // Slot 0 is "" (no country) and slot 1 + a*26 + b is the code: lookups unpack with one load and no branch.
    private static readonly string[] ByIndexNames = ["", .. Names, .. Enumerable.Repeat("", 1024 - 1 - Names.Length)];

    /// <summary>A dense number for the code (1..676; 0 for none): what the lookup tables store.</summary>
    public static int ToIndex(ushort packed)
    {
        var a = (packed >> 8) - 'A';
        var b = (packed & 0xFF) - 'A';
        return (uint)a < 26 && (uint)b < 26 ? 1 + a * 26 + b : 0;
    }

    /// <summary>The shared string for <see cref="ToIndex"/>'s number (its low 10 bits).</summary>
    public static string FromIndex(uint index) => ByIndexNames[index & 1023];

    /// <summary>The shared string for a packed code; "" for 0 or anything that is not two letters.</summary>
    public static string Unpack(ushort packed)
    {
        var a = (packed >> 8) - 'A';
        var b = (packed & 0xFF) - 'A';
        return (uint)a < 26 && (uint)b < 26 ? Names[a * 26 + b] : "";
    }
}
