using System.Runtime.InteropServices;

namespace Decnet.Engine.Clustering;

/// <summary>
/// A feature value as 64 bits: the kind in the top byte, a 56-bit FNV-1a hash of the text below. Two different
/// values colliding need ~2^28 values of one kind; a collision only adds a spurious shared value, never loses one.
/// </summary>
public static class FeatureKey
{
    private const ulong HashMask = 0x00FF_FFFF_FFFF_FFFFUL;

    public static ulong Of(FeatureKind kind, string value) => Of(kind, value.AsSpan());

    public static ulong Of(FeatureKind kind, ReadOnlySpan<char> value) => Finish(kind, Add(Offset, value));

    /// <summary>The key of the concatenation of <paramref name="parts"/> (same as hashing the joined string), without building it.</summary>
    public static ulong OfParts(FeatureKind kind, ReadOnlySpan<string?> parts)
    {
        var hash = Offset;
        foreach (var part in parts) hash = Add(hash, part.AsSpan());
        return Finish(kind, hash);
    }

    private const ulong Offset = 14695981039346656037UL;

    // FNV-1a over the UTF-16 bytes.
    private static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var b in MemoryMarshal.AsBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    // Final avalanche so that short values spread over the whole range, then the kind in the top byte.
    private static ulong Finish(FeatureKind kind, ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return ((ulong)kind << 56) | (hash & HashMask);
    }

    public static FeatureKind KindOf(ulong key) => (FeatureKind)(key >> 56);
}
