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

    public static ulong Of(FeatureKind kind, ReadOnlySpan<char> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in MemoryMarshal.AsBytes(value))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        // Final avalanche so that short values spread over the whole range.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return ((ulong)kind << 56) | (hash & HashMask);
    }

    /// <summary>The key of the concatenation of <paramref name="parts"/> (same as hashing the joined string), without building it.</summary>
    public static ulong OfParts(FeatureKind kind, ReadOnlySpan<string?> parts)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in parts)
            foreach (var b in MemoryMarshal.AsBytes((part ?? "").AsSpan()))
            {
                hash ^= b;
                hash *= 1099511628211UL;
            }
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return ((ulong)kind << 56) | (hash & HashMask);
    }

    public static FeatureKind KindOf(ulong key) => (FeatureKind)(key >> 56);
}
