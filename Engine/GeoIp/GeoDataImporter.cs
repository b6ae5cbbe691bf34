using Microsoft.Extensions.Logging;

namespace Decnet.Engine.GeoIp;

/// <summary>What one imported file turned out to be: a delegated-stats file (<see cref="Rir"/>) or an ASN table (<see cref="Asn"/>).</summary>
public sealed record ImportedFile(string Source, RirFileSummary? Rir, AsnFileSummary? Asn);

/// <summary>
/// `geoip import`: an operator carried delegated-stats files over an air gap; validate every one, build the index
/// beside them in a staging directory, then swap the staging directory in. A file that does not validate is
/// refused and the old data stays.
/// </summary>
public sealed class GeoDataImporter(ILogger logger)
{
    public IReadOnlyList<ImportedFile> Import(IReadOnlyList<string> paths, string geoipDir)
    {
        var files = Expand(paths);
        if (files.Count == 0) throw new InvalidDataException($"no delegated-* or ASN (*.csv, *.tsv, .gz) files in {string.Join(", ", paths)}");
        var imported = new List<ImportedFile>();
        foreach (var file in files)
        {
            if (AsnIndexFile.IsSource(file))
            {
                var asn = AsnTable.BuildFromFiles([file]).Sources[0];
                if (asn.Kept == 0)
                    throw new InvalidDataException($"{file}: not an ASN table ({asn.Malformed} malformed rows{(asn.Samples.Count > 0 ? "; first: " + asn.Samples[0] : "")})");
                imported.Add(new ImportedFile(file, null, asn));
                continue;
            }
            var summary = RirFileParser.ParseFile(file, new List<RirRange>());
            if (summary.Registry == RirRegistry.None || summary.Kept == 0)
                throw new InvalidDataException($"{file}: not a delegated-stats file ({summary.Kept} usable rows, {summary.Malformed} malformed{(summary.Samples.Count > 0 ? "; first: " + summary.Samples[0] : "")})");
            imported.Add(new ImportedFile(file, summary, null));
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(geoipDir))!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".geoip-staging-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging, DirMode);
        try
        {
            // Keep the sources already there unless a newer copy of the same name arrives.
            if (Directory.Exists(geoipDir))
                foreach (var existing in Directory.GetFiles(geoipDir))
                    if (!existing.EndsWith(".idx", StringComparison.Ordinal))
                        CopyOwned(existing, Path.Combine(staging, Path.GetFileName(existing)));
            foreach (var f in imported)
                CopyOwned(f.Source, Path.Combine(staging, Path.GetFileName(f.Source)));
            if (GeoIndexFile.SourceFiles(staging).Length > 0) GeoIndexFile.LoadOrBuild(staging, logger);
            if (AsnIndexFile.SourceFiles(staging).Length > 0) AsnIndexFile.LoadOrBuild(staging, logger);
            Swap(staging, geoipDir);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return imported;
    }

    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>Copies keep our own modes (0640), not the carried-in file's (often read-only media).</summary>
    private static void CopyOwned(string from, string to)
    {
        if (File.Exists(to)) File.Delete(to);
        File.Copy(from, to);
        File.SetUnixFileMode(to, FileMode);
    }

    private static List<string> Expand(IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) { files.AddRange(GeoIndexFile.SourceFiles(p)); files.AddRange(AsnIndexFile.SourceFiles(p)); }
            else if (File.Exists(p)) files.Add(p);
            else throw new FileNotFoundException($"{p}: no such file or directory");
        }
        return files;
    }

    /// <summary>Two renames: a crash between them leaves the old data in &lt;dir&gt;.old, never a half-written directory.</summary>
    private static void Swap(string staging, string geoipDir)
    {
        var old = geoipDir.TrimEnd('/') + ".old";
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        if (Directory.Exists(geoipDir)) Directory.Move(geoipDir, old);
        Directory.Move(staging, geoipDir);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }
}
