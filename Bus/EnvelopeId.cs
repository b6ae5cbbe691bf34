using System.Security.Cryptography;

namespace Decnet.Bus;

/// <summary>
/// Envelope ids: ULID layout, 26 Crockford base32 characters = 48-bit Unix-millisecond timestamp followed by
/// 80 random bits, so ids sort by time as plain strings.
/// </summary>
public static class EnvelopeId
{
    public const int Length = 26;
    internal const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    internal const long MaxTimestampMs = (1L << 48) - 1;
    internal static readonly UInt128 RandomMask = (UInt128.One << 80) - 1;

    /// <summary>A fresh id; random bits come from <see cref="RandomNumberGenerator"/> unless a (seeded) <paramref name="random"/> is given.</summary>
    public static string New(TimeProvider time, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
        return string.Create(Length, Compose(ms, NextRandom(random)), static (chars, value) => Write(value, chars));
    }

    /// <summary>The millisecond timestamp carried in an id.</summary>
    public static DateTimeOffset GetTimestamp(string id)
    {
        if (!TryDecode(id, out var value)) throw new FormatException($"not an envelope id: '{id}'");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(value >> 80));
    }

    public static bool IsValid(string? id) => TryDecode(id, out _);

    internal static UInt128 NextRandom(Random? random)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        if (random is null) RandomNumberGenerator.Fill(bytes[..10]);
        else random.NextBytes(bytes[..10]);
        var value = UInt128.Zero;
        for (var i = 0; i < 10; i++) value = (value << 8) | bytes[i];
        return value;
    }

    internal static UInt128 Compose(long unixMs, UInt128 random)
    {
        var ms = (ulong)Math.Clamp(unixMs, 0, MaxTimestampMs);
        return ((UInt128)ms << 80) | (random & RandomMask);
    }

    internal static void Write(UInt128 value, Span<char> dest)
    {
        dest = dest[..Length];
        var (lo, hi) = ((ulong)value, (ulong)(value >> 64));
        for (var k = 0; k < Length; k++) dest[Length - 1 - k] = Alphabet[Digit(lo, hi, k)];
    }

    internal static void WriteUtf8(UInt128 value, Span<byte> dest)
    {
        dest = dest[..Length];
        var (lo, hi) = ((ulong)value, (ulong)(value >> 64));
        for (var k = 0; k < Length; k++) dest[Length - 1 - k] = (byte)Alphabet[Digit(lo, hi, k)];
    }

    /// <summary>The k-th base32 digit from the right, on two 64-bit halves (128-bit shifts cost several times more; ids are minted per message).</summary>
    private static int Digit(ulong lo, ulong hi, int k)
    {
        var shift = 5 * k;
        if (shift + 5 <= 64) return (int)((lo >> shift) & 31);
        if (shift >= 64) return (int)((hi >> (shift - 64)) & 31);
        return (int)(((lo >> shift) | (hi << (64 - shift))) & 31);
    }

    private static bool TryDecode(string? id, out UInt128 value)
    {
        value = UInt128.Zero;
        if (id is null || id.Length != Length || id[0] > '7') return false;
        foreach (var c in id)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0) return false;
            value = (value << 5) | (uint)digit;
        }
        return true;
    }
}
