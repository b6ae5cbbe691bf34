using System.IO.Hashing;

namespace Decnet.Engine.Ingest;

/// <summary>Stable ids for sources without their own: the same raw line always yields the same id, so re-ingesting a file is idempotent.</summary>
public static class EventId
{
    /// <summary>
    /// Lowercase hex of XXH128 of <paramref name="line"/>, trailing CR/LF excluded. Non-cryptographic on purpose:
    /// SHA-256 was half of the whole parse cost, and forging a colliding line would mean reproducing the sensor's
    /// own timestamp and session id, which an attacker does not control.
    /// </summary>
    public static string FromLine(ReadOnlySpan<byte> line)
    {
        line = LineBytes.TrimNewline(line);
        var storage = new Bytes32(); // an inline buffer, not stackalloc: keeps the method eligible for PGO tiering
        Span<byte> hash = storage;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(hash, XxHash128.HashToUInt128(line));
        return Convert.ToHexStringLower(hash[..16]);
    }
}
