namespace Decnet.Engine.Installer;

/// <summary>What `decnet status` tells about a data dir: the database's size and how old the GeoIP data is.</summary>
/// <param name="DatabaseBytes">decnet.db plus LiteDB's decnet-log.db; null when no database exists yet.</param>
/// <param name="GeoipNewest">Modification time of the newest source file in the GeoIP dir; null without data.</param>
public sealed record DataDirUsage(string DatabasePath, long? DatabaseBytes, string GeoipDir, DateTimeOffset? GeoipNewest)
{
    public static DataDirUsage Read(string dataDir, string geoipDir)
    {
        var db = Path.Combine(dataDir, Storage.DecnetStore.DatabaseFileName);
        long? bytes = null;
        foreach (var file in new[] { db, Path.Combine(dataDir, "decnet-log.db") })
        {
            try { if (File.Exists(file)) bytes = (bytes ?? 0) + new FileInfo(file).Length; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        DateTimeOffset? newest = null;
        try
        {
            if (Directory.Exists(geoipDir))
                foreach (var file in Directory.EnumerateFiles(geoipDir))
                {
                    var name = Path.GetFileName(file);
                    // Source files only: the built indexes (*.idx) are rebuilt on load, their age says nothing.
                    if (name.StartsWith('.') || name.EndsWith(".idx", StringComparison.Ordinal)) continue;
                    var t = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
                    if (newest is null || t > newest) newest = t;
                }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new DataDirUsage(db, bytes, geoipDir, newest);
    }
}
