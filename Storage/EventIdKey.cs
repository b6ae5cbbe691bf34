using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Decnet.Storage;

/// <summary>
/// The 16-byte key an event id is remembered by in the seen-event ledger. decnet's own ids are 32 lowercase hex
/// characters and map to their 16 bytes exactly; any other id (a Cowrie uuid, a source's own format) maps to the
/// first 16 bytes of SHA-256 of its UTF-8 text.
/// </summary>
public static class EventIdKey
{
    public static UInt128 From(string id)
    {
        if (id.Length == 32 && TryParseLowerHex(id, out var key)) return key;
        Span<byte> hash = stackalloc byte[32];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(id.Length);
        var utf8 = maxBytes <= 512 ? stackalloc byte[512] : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(id, utf8);
        SHA256.HashData(utf8[..written], hash);
        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    private static bool TryParseLowerHex(string id, out UInt128 key)
    {
        UInt128 value = 0;
        foreach (var c in id)
        {
            int nibble;
            if (c is >= '0' and <= '9') nibble = c - '0';
            else if (c is >= 'a' and <= 'f') nibble = c - 'a' + 10;
            else
            {
                key = 0;
                return false;
            }
            value = (value << 4) | (uint)nibble;
        }
        key = value;
        return true;
    }
}
