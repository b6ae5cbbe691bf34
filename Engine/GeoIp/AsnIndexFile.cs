using System.Text;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The built <see cref="AsnTable"/> saved as <c>asn.idx</c> next to its source tables, in the same style as
/// <see cref="GeoIndexFile"/>: magic "DNGEOASN", version, the sources (fingerprint + summary), the arrays, then the
/// organisation names as one UTF-8 blob with offsets.
/// </summary>
public static class AsnIndexFile
{
    public const string FileName = "asn.idx";
    // 2: the lookup tries follow the organisation names.
    private const uint Version = 2;
    private const int MaxEntries = 64 << 20;
    private static ReadOnlySpan<byte> Magic => "DNGEOASN"u8;

    /// <summary>The *.csv, *.csv.gz, *.tsv and *.tsv.gz files of a directory, in ordinal name order.</summary>
    public static string[] SourceFiles(string dir) =>
        Directory.GetFiles(dir).Where(IsSource).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether a file name is an ASN table this reader imports.</summary>
    public static bool IsSource(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase);

    public static void Save(AsnTable table, IReadOnlyList<SourceFingerprint> sources, string path)
    {
        if (sources.Count != table.Sources.Count) throw new ArgumentException("one fingerprint per source summary", nameof(sources));
        IndexFileFormat.WriteAtomically(path, w =>
        {
            IndexFileFormat.WriteHeader(w, Magic, Version, sources, table.Sources, WriteSummary);
            IndexFileFormat.WriteIntervals(w, table.V4, table.V6);
            IndexFileFormat.WriteArray(w, table.RowAsn);
            IndexFileFormat.WriteArray(w, table.RowOrganisation);
            var offsets = new int[table.Organisations.Length + 1];
            var blob = new List<byte>();
            for (var i = 0; i < table.Organisations.Length; i++)
            {
                blob.AddRange(Encoding.UTF8.GetBytes(table.Organisations[i]));
                offsets[i + 1] = blob.Count;
            }
            IndexFileFormat.WriteArray(w, offsets);
            IndexFileFormat.WriteArray(w, blob.ToArray());
            IndexFileFormat.WriteTries(w, table.Tries);
        });
    }

    public static AsnTable Load(string path, out IReadOnlyList<SourceFingerprint> sources)
    {
        using var r = IndexFileFormat.OpenRead(path);
        try
        {
            var fingerprints = IndexFileFormat.ReadHeader(r, Magic, Version, ReadSummary, out var summaries);
            var (v4Starts, v4Rows, v6Starts, v6Rows) = IndexFileFormat.ReadIntervals(r, MaxEntries);
            var asn = IndexFileFormat.ReadArray<uint>(r, MaxEntries);
            var org = IndexFileFormat.ReadArray<int>(r, MaxEntries);
            var offsets = IndexFileFormat.ReadArray<int>(r, MaxEntries);
            var blob = IndexFileFormat.ReadArray<byte>(r, int.MaxValue);
            if (asn.Length != org.Length || offsets.Length == 0 || offsets[^1] != blob.Length) throw new InvalidDataException("row or name arrays inconsistent");
            if (!GeoIndexFile.RowsInRange(v4Rows, asn.Length) || !GeoIndexFile.RowsInRange(v6Rows, asn.Length)) throw new InvalidDataException("row number out of range");
            var names = new string[offsets.Length - 1];
            for (var i = 0; i < names.Length; i++)
            {
                if (offsets[i + 1] < offsets[i]) throw new InvalidDataException("name offsets not ascending");
                names[i] = Encoding.UTF8.GetString(blob, offsets[i], offsets[i + 1] - offsets[i]);
            }
            if (org.Length > 0 && (org.Min() < 0 || org.Max() >= names.Length)) throw new InvalidDataException("organisation number out of range");
            var tries = IndexFileFormat.ReadTries(r, MaxEntries);
            sources = fingerprints;
            return new AsnTable(new IntervalIndex<uint>(v4Starts, v4Rows), new IntervalIndex<UInt128>(v6Starts, v6Rows), asn, org, names, summaries, tries);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated index file");
        }
    }

    private static void WriteSummary(BinaryWriter w, AsnFileSummary s)
    {
        w.Write(s.Format);
        w.Write(s.Rows); w.Write(s.Kept); w.Write(s.NotRouted); w.Write(s.Malformed);
        w.Write(s.Samples.Count);
        foreach (var sample in s.Samples) w.Write(sample);
    }

    private static AsnFileSummary ReadSummary(BinaryReader r, string fileName)
    {
        var format = r.ReadString();
        int rows = r.ReadInt32(), kept = r.ReadInt32(), notRouted = r.ReadInt32(), malformed = r.ReadInt32(), n = r.ReadInt32();
        if (n is < 0 or > 100) throw new InvalidDataException("sample count out of range");
        var samples = new string[n];
        for (var k = 0; k < n; k++) samples[k] = r.ReadString();
        return new AsnFileSummary(fileName, format, rows, kept, notRouted, malformed, samples);
    }

    /// <summary>As <see cref="GeoIndexFile.LoadOrBuild(string, out bool, ILogger?)"/>, for the ASN tables of a directory.</summary>
    public static AsnTable LoadOrBuild(string dir, out bool rebuilt, ILogger? logger = null) =>
        SavedIndex.LoadOrBuild(dir, FileName, SourceFiles(dir),
            path => (Load(path, out var sources), sources),
            AsnTable.BuildFromFiles,
            Save,
            static built => built.Sources.Select(s => (s.FileName, s.Malformed, s.Samples)),
            out rebuilt, logger);

    public static AsnTable LoadOrBuild(string dir, ILogger? logger = null) => LoadOrBuild(dir, out _, logger);
}
