using System.Security.Cryptography;

namespace Decnet.Engine.Ingest;

/// <summary>Stable ids for sources without their own: the same raw line always yields the same id, so re-ingesting a file is idempotent.</summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public static class EventId
{
    // One reusable hash context per thread: the one-shot SHA256.HashData sets up and tears down an OpenSSL context
    // per call, which costs about as much as hashing a whole Cowrie line.
    [ThreadStatic] private static IncrementalHash? _sha256;

    /// <summary>Lowercase hex of the first 16 bytes of SHA-256 of <paramref name="line"/>, trailing CR/LF excluded.</summary>
    public static string FromLine(ReadOnlySpan<byte> line)
    {
        line = LineBytes.TrimNewline(line);
        var sha = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var storage = new Bytes32();
        Span<byte> hash = storage;
        sha.AppendData(line);
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
