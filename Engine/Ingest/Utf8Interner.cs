using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Decnet.Engine.Ingest;

/// <summary>
/// A small per-thread, direct-mapped cache from short UTF-8 values to strings. Attack logs repeat the same sensor,
/// session, source address, client version and passwords line after line; sharing one string instance saves the
/// transcoding and allocation here and memory in everything that keeps the events.
/// </summary>
internal static class Utf8Interner
{
    private const int Slots = 512;
    private const int MaxLength = 48;

    [ThreadStatic] private static Entry[]? _entries;

    private struct Entry
    {
        public byte[]? Bytes;
        public string Value;
    }

    /// <summary>The string for <paramref name="utf8"/>, shared with earlier equal values when short enough.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength || utf8.IsEmpty) return utf8.IsEmpty ? "" : Encoding.UTF8.GetString(utf8);
        var entries = _entries ??= new Entry[Slots];
        ref var entry = ref entries[Slot(utf8)];
        if (entry.Bytes is { } bytes && utf8.SequenceEqual(bytes)) return entry.Value;
        var value = Encoding.UTF8.GetString(utf8);
        entry.Bytes = utf8.ToArray();
        entry.Value = value;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> s)
    {
        // Length, the first and the last 8 bytes (overlapping for short values) are enough to spread typical values.
        ulong a, b;
        if (s.Length >= 8)
        {
            a = BinaryPrimitives.ReadUInt64LittleEndian(s);
            b = BinaryPrimitives.ReadUInt64LittleEndian(s[^8..]);
        }
        else
        {
            a = 0;
            foreach (var c in s) a = (a << 8) | c;
            b = a;
        }
        var h = (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)s.Length;
        return (int)((h ^ (h >> 29)) % Slots);
    }
}
