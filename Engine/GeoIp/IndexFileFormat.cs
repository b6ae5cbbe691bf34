using System.Runtime.InteropServices;
using System.Text;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The pieces of the saved index files: little-endian scalars, length-prefixed UTF-8 strings and raw arrays
/// (a count, then the elements' bytes as laid out in memory; UInt128 as low then high 64-bit word). Arrays are
/// read straight into freshly allocated arrays, so loading is a few large reads and no per-entry parsing.
/// Written to a temporary file and renamed, so a reader never sees half a file.
/// </summary>
internal static class IndexFileFormat
{
    public static void WriteArray<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Flush();
        w.BaseStream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static T[] ReadArray<T>(BinaryReader r, int max) where T : unmanaged
    {
        var n = r.ReadInt32();
        if (n < 0 || n > max) throw new InvalidDataException($"array length {n} out of range");
        var values = GC.AllocateUninitializedArray<T>(n);
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static void WriteFingerprint(BinaryWriter w, SourceFingerprint f)
    {
        w.Write(f.Name);
        w.Write(f.Length);
        w.Write(f.LastWriteUtcTicks);
    }

    public static SourceFingerprint ReadFingerprint(BinaryReader r) => new(r.ReadString(), r.ReadInt64(), r.ReadInt64());

    public static void CheckMagic(BinaryReader r, ReadOnlySpan<byte> magic, uint version)
    {
        Span<byte> head = stackalloc byte[magic.Length];
        r.BaseStream.ReadExactly(head);
        if (!head.SequenceEqual(magic)) throw new InvalidDataException("not a decnet index file (bad magic)");
        var v = r.ReadUInt32();
        if (v != version) throw new InvalidDataException($"index file version {v}, expected {version}");
    }

    /// <summary>Writes through a temporary file next to the target, then renames over it.</summary>
    /// <summary>Magic, version, then each source's fingerprint and summary: the head of every saved index.</summary>
    public static void WriteHeader<TSummary>(BinaryWriter w, ReadOnlySpan<byte> magic, uint version,
        IReadOnlyList<SourceFingerprint> sources, IReadOnlyList<TSummary> summaries, Action<BinaryWriter, TSummary> writeSummary)
    {
        w.Write(magic);
        w.Write(version);
        w.Write(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            WriteFingerprint(w, sources[i]);
            writeSummary(w, summaries[i]);
        }
    }

    /// <summary>Reads what <see cref="WriteHeader{TSummary}"/> wrote; throws <see cref="InvalidDataException"/> for a foreign file.</summary>
    public static SourceFingerprint[] ReadHeader<TSummary>(BinaryReader r, ReadOnlySpan<byte> magic, uint version,
        Func<BinaryReader, string, TSummary> readSummary, out TSummary[] summaries)
    {
        CheckMagic(r, magic, version);
        var count = r.ReadInt32();
        if (count is < 0 or > 1000) throw new InvalidDataException($"source count {count} out of range");
        var fingerprints = new SourceFingerprint[count];
        summaries = new TSummary[count];
        for (var i = 0; i < count; i++)
        {
            fingerprints[i] = ReadFingerprint(r);
            summaries[i] = readSummary(r, fingerprints[i].Name);
        }
        return fingerprints;
    }

    /// <summary>The IPv4 and IPv6 interval arrays every index has.</summary>
    public static void WriteIntervals(BinaryWriter w, IntervalIndex<uint> v4, IntervalIndex<UInt128> v6)
    {
        WriteArray(w, v4.Starts);
        WriteArray(w, v4.Rows);
        WriteArray(w, v6.Starts);
        WriteArray(w, v6.Rows);
    }

    public static (uint[] V4Starts, int[] V4Rows, UInt128[] V6Starts, int[] V6Rows) ReadIntervals(BinaryReader r, int max) =>
        (ReadArray<uint>(r, max), ReadArray<int>(r, max), ReadArray<UInt128>(r, max), ReadArray<int>(r, max));

    /// <summary>The IPv4 and IPv6 lookup tries (see <see cref="IntervalTrie"/>): saved so a load need not rebuild them.</summary>
    public static void WriteTries(BinaryWriter w, (ulong[] V4, ulong[] V6) tries)
    {
        WriteArray(w, tries.V4);
        WriteArray(w, tries.V6);
    }

    public static (ulong[] V4, ulong[] V6) ReadTries(BinaryReader r, int max) => (ReadArray<ulong>(r, max), ReadArray<ulong>(r, max));

    public static void WriteAtomically(string path, Action<BinaryWriter> write)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("index files are little-endian only");
        var tmp = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false))
            {
                write(w);
                w.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static BinaryReader OpenRead(string path)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("index files are little-endian only");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
    }
}
