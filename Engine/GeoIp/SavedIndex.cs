using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The one load-or-rebuild rule for every saved index (rir.idx, asn.idx): use the saved file when it is newer than
/// every source and was built from exactly these sources; otherwise rebuild from the sources and save (a failed
/// save costs a rebuild next start, nothing else).
/// </summary>
internal static class SavedIndex
{
    public static T LoadOrBuild<T>(string dir, string fileName, string[] sourceFiles,
        Func<string, (T Index, IReadOnlyList<SourceFingerprint> Sources)> load,
        Func<string[], T> build,
        Action<T, IReadOnlyList<SourceFingerprint>, string> save,
        Func<T, IEnumerable<(string FileName, int Malformed, IReadOnlyList<string> Samples)>> sourcesOf,
        out bool rebuilt, ILogger? logger)
    {
        logger ??= NullLogger.Instance;
        var current = sourceFiles.Select(SourceFingerprint.Of).ToArray();
        var path = Path.Combine(dir, fileName);
        if (File.Exists(path))
        {
            var saved = File.GetLastWriteTimeUtc(path).Ticks;
            if (current.All(f => f.LastWriteUtcTicks <= saved))
            {
                try
                {
                    var (index, sources) = load(path);
                    if (sources.SequenceEqual(current)) { rebuilt = false; return index; }
                    logger.LogInformation("geoip: {Path} was built from other files, rebuilding", path);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    logger.LogWarning("geoip: {Path} unreadable ({Reason}), rebuilding", path, e.Message);
                }
            }
        }

        var built = build(sourceFiles);
        rebuilt = true;
        // Malformed rows never stop a build; each file that had some is named once, with its first bad row.
        foreach (var s in sourcesOf(built).Where(s => s.Malformed > 0))
            logger.LogWarning("geoip: {File}: {Malformed} malformed rows skipped, first: {Sample}", s.FileName, s.Malformed, s.Samples.FirstOrDefault());
        try { save(built, current, path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("geoip: could not save {Path} ({Reason}); it will be rebuilt next start", path, e.Message);
        }
        return built;
    }
}
