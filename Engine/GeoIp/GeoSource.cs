using Decnet.Engine.Profiler;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The current <see cref="GeoData"/> of a process, swapped whole when the data changes (`geoip import` announces it on
/// system.geoip.updated). Readers never wait: they see the old data until the new one is loaded.
/// </summary>
public sealed class GeoSource(string dir, ILogger logger) : IAttackerGeoSource
{
    private volatile GeoData _current = new(null, null);
    private SourceFingerprint[]? _loadedFrom;
    private bool _warnedEmpty;

    public GeoData Current => _current;
    public string DataVersion => _current.DataVersion;
    public AttackerGeo Resolve(string ip) => _current.Resolve(ip);

    /// <summary>Loads the directory again; true when the data changed. No data means one warning, not an error.</summary>
    public bool Reload()
    {
        // A stat of each source first: the slow tick must not load (and throw away) tens of MB every minute.
        var sources = Directory.Exists(dir)
            ? GeoIndexFile.SourceFiles(dir).Concat(AsnIndexFile.SourceFiles(dir)).Select(SourceFingerprint.Of).ToArray()
            : [];
        if (_loadedFrom is not null && sources.SequenceEqual(_loadedFrom)) return false;
        _loadedFrom = sources;
        var next = GeoData.Load(dir, logger);
        if (next.IsEmpty && !_warnedEmpty)
        {
            _warnedEmpty = true;
            logger.LogWarning("geoip: no data in {Dir}; attacker profiles get no country/ASN until 'decnet geoip import' is run", dir);
        }
        if (next.DataVersion == _current.DataVersion) return false;
        _current = next;
        // Loading reads whole index files through transient buffers, and the old data is garbage now: give the
        // memory back to the OS rather than keep a long-running supervisor's heap at its load-time peak.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!next.IsEmpty)
            logger.LogInformation("geoip: loaded {Dir} ({V4} IPv4 country intervals, {Asn} ASN intervals)", dir,
                next.Countries?.IPv4Intervals ?? 0, next.Networks?.IPv4Intervals ?? 0);
        return true;
    }

    /// <summary>The enrichment source a process should use: null when DECNET_GEOIP_ENABLED=false.</summary>
    public static GeoSource? Open(bool enabled, string dir, ILogger logger)
    {
        if (!enabled) return null;
        var source = new GeoSource(dir, logger);
        source.Reload();
        return source;
    }
}
