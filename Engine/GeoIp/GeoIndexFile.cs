using Microsoft.Extensions.Logging;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The built <see cref="RirRangeIndex"/> saved as <c>rir.idx</c> next to the delegated-stats files, so a restart
/// loads it in milliseconds and rebuilds only when a source changed.
/// Layout: magic "DNGEORIR", version, the sources (fingerprint + summary each), then the arrays
/// (v4 starts, v4 rows, v6 starts, v6 rows, row countries, row registries, v4 and v6 lookup tries); see <see cref="IndexFileFormat"/>.
/// </summary>
public static class GeoIndexFile
{
    public const string FileName = "rir.idx";
    public const string SourcePattern = "delegated-*";
    // 2: the lookup tries follow the row arrays.
    private const uint Version = 2;
    private const int MaxEntries = 64 << 20;
    private static ReadOnlySpan<byte> Magic => "DNGEORIR"u8;

    /// <summary>The delegated-* files of a directory, in ordinal name order (the build order).</summary>
    public static string[] SourceFiles(string dir) =>
        Directory.GetFiles(dir, SourcePattern)
            .Where(p => !p.EndsWith(".tmp", StringComparison.Ordinal) && !p.Contains(".tmp-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

    public static void Save(RirRangeIndex index, IReadOnlyList<SourceFingerprint> sources, string path)
    {
        if (sources.Count != index.Sources.Count) throw new ArgumentException("one fingerprint per source summary", nameof(sources));
        IndexFileFormat.WriteAtomically(path, w =>
        {
            IndexFileFormat.WriteHeader(w, Magic, Version, sources, index.Sources, WriteSummary);
            IndexFileFormat.WriteIntervals(w, index.V4, index.V6);
            IndexFileFormat.WriteArray(w, index.RowCountry);
            IndexFileFormat.WriteArray(w, index.RowRegistry);
            IndexFileFormat.WriteTries(w, index.Tries);
        });
    }

    /// <summary>Loads a saved index; throws <see cref="InvalidDataException"/> for a damaged or foreign file.</summary>
    public static RirRangeIndex Load(string path, out IReadOnlyList<SourceFingerprint> sources)
    {
        using var r = IndexFileFormat.OpenRead(path);
        try
        {
            var fingerprints = IndexFileFormat.ReadHeader(r, Magic, Version, ReadSummary, out var summaries);
            var (v4Starts, v4Rows, v6Starts, v6Rows) = IndexFileFormat.ReadIntervals(r, MaxEntries);
            var country = IndexFileFormat.ReadArray<ushort>(r, MaxEntries);
            var registry = IndexFileFormat.ReadArray<RirRegistry>(r, MaxEntries);
            if (country.Length != registry.Length) throw new InvalidDataException("row arrays differ in length");
            if (!RowsInRange(v4Rows, country.Length) || !RowsInRange(v6Rows, country.Length)) throw new InvalidDataException("row number out of range");
            var tries = IndexFileFormat.ReadTries(r, MaxEntries);
            sources = fingerprints;
            return new RirRangeIndex(new IntervalIndex<uint>(v4Starts, v4Rows), new IntervalIndex<UInt128>(v6Starts, v6Rows), country, registry, summaries, tries);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated index file");
        }
    }

    /// <summary>
    /// The index for the delegated-* files in <paramref name="dir"/>: the saved <c>rir.idx</c> when it is newer than
    /// every source and their fingerprints match, else rebuilt from the sources and saved (a failed save is logged
    /// and the built index still returned).
    /// </summary>
    public static RirRangeIndex LoadOrBuild(string dir, ILogger? logger = null) => LoadOrBuild(dir, out _, logger);

    public static RirRangeIndex LoadOrBuild(string dir, out bool rebuilt, ILogger? logger = null) =>
        SavedIndex.LoadOrBuild(dir, FileName, SourceFiles(dir),
            path => (Load(path, out var sources), sources),
            RirRangeIndex.BuildFromFiles,
            Save,
            static built => built.Sources.Select(s => (s.FileName, s.Malformed, s.Samples)),
            out rebuilt, logger);

    // Vectorised Min/Max: a damaged file must not make a lookup index outside the row arrays.
    internal static bool RowsInRange(int[] rows, int rowCount) =>
        rows.Length > 0 && rows.Min() >= IntervalIndex<uint>.NotPublic && rows.Max() < rowCount;

    private static void WriteSummary(BinaryWriter w, RirFileSummary s)
    {
        w.Write((byte)s.Registry);
        w.Write(s.Serial);
        w.Write(s.DataDate?.DayNumber ?? -1);
        w.Write(s.Rows);
        w.Write(s.Kept);
        w.Write(s.Malformed);
        w.Write(s.Samples.Count);
        foreach (var sample in s.Samples) w.Write(sample);
    }

    private static RirFileSummary ReadSummary(BinaryReader r, string fileName)
    {
        var registry = (RirRegistry)r.ReadByte();
        var serial = r.ReadString();
        var day = r.ReadInt32();
        int rows = r.ReadInt32(), kept = r.ReadInt32(), malformed = r.ReadInt32(), sampleCount = r.ReadInt32();
        if (sampleCount is < 0 or > 100) throw new InvalidDataException("sample count out of range");
        var samples = new string[sampleCount];
        for (var i = 0; i < sampleCount; i++) samples[i] = r.ReadString();
        return new RirFileSummary(fileName, registry, serial, day < 0 ? null : DateOnly.FromDayNumber(day), rows, kept, malformed, samples);
    }
}
