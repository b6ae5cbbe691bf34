using System.Buffers;
using System.Security.Cryptography;

namespace Decnet.Engine.Ingest;

/// <summary>
/// HASSH (Salesforce): lowercase hex MD5 of <c>kex;enc;mac;comp</c>, each the client's algorithm list comma-joined
/// in the order the client sent it.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public static class Hassh
{
    // Scanners reuse a handful of SSH stacks (28 distinct inputs in 7,313 real Cowrie client.version events), and an
    // MD5 through OpenSSL costs more than parsing the line: remember the last few inputs per thread.
    private const int CacheSize = 32;
    [ThreadStatic] private static (byte[] Input, string Hassh)[]? _cache;
    [ThreadStatic] private static int _nextSlot;

    /// <summary>HASSH of the four lists, each already comma-joined (UTF-8).</summary>
    public static string Compute(ReadOnlySpan<byte> kex, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> comp)
    {
        var length = kex.Length + enc.Length + mac.Length + comp.Length + 3;
        var rented = length <= 2048 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> joined = rented is null ? stackalloc byte[2048] : rented;
        var w = 0;
        kex.CopyTo(joined[w..]); w += kex.Length; joined[w++] = (byte)';';
        enc.CopyTo(joined[w..]); w += enc.Length; joined[w++] = (byte)';';
        mac.CopyTo(joined[w..]); w += mac.Length; joined[w++] = (byte)';';
        comp.CopyTo(joined[w..]); w += comp.Length;
        var result = FromJoined(joined[..w]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return result;
    }

    /// <summary>HASSH of the four lists given as separate algorithm names.</summary>
    public static string Compute(IEnumerable<string> kex, IEnumerable<string> enc, IEnumerable<string> mac, IEnumerable<string> comp)
    {
        var text = string.Join(',', kex) + ";" + string.Join(',', enc) + ";" + string.Join(',', mac) + ";" + string.Join(',', comp);
        return FromJoined(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>HASSH of the already assembled <c>kex;enc;mac;comp</c> string.</summary>
    public static string FromJoined(ReadOnlySpan<byte> joined)
    {
        var cache = _cache ??= new (byte[], string)[CacheSize];
        foreach (var (input, hassh) in cache)
        {
            if (input is null) break;
            if (input.Length == joined.Length && joined.SequenceEqual(input)) return hassh;
        }
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(joined, hash);
        var computed = Convert.ToHexStringLower(hash);
        cache[_nextSlot] = (joined.ToArray(), computed);
        _nextSlot = (_nextSlot + 1) % CacheSize;
        return computed;
    }
}
