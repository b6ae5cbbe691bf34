using Decnet.Engine.Profiler;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The loaded RIR index and ASN table of one geoip directory, as the profiler's enrichment source. Either part may
/// be missing; lookups are in memory, so enrichment never stalls a profile.
/// </summary>
public sealed class GeoData(RirRangeIndex? countries, AsnTable? networks) : IAttackerGeoSource
{
    public RirRangeIndex? Countries { get; } = countries;
    public AsnTable? Networks { get; } = networks;

    /// <summary>Changes whenever any source changes, so profiles are stamped again with the new data.</summary>
    public string DataVersion { get; } = Version(countries, networks);

    public bool IsEmpty => Countries is null && Networks is null;

    /// <summary>Loads (or builds and saves) both indexes from <paramref name="dir"/>; absent data gives an empty source.</summary>
    public static GeoData Load(string dir, ILogger logger)
    {
        if (!Directory.Exists(dir)) return new GeoData(null, null);
        var countries = GeoIndexFile.SourceFiles(dir).Length > 0 ? GeoIndexFile.LoadOrBuild(dir, logger) : null;
        var networks = AsnIndexFile.SourceFiles(dir).Length > 0 ? AsnIndexFile.LoadOrBuild(dir, logger) : null;
        return new GeoData(countries, networks);
    }

    public AttackerGeo Resolve(string ip)
    {
        var country = Countries?.Lookup(ip.AsSpan());
        var network = Networks?.Lookup(ip.AsSpan());
        var found = country is { Status: GeoStatus.Found };
        var asFound = network is { Status: AsnStatus.Found };
        return new AttackerGeo(
            found ? country!.Value.CountryCode : null,
            found ? "rir" : null,
            asFound ? network!.Value.Asn : null,
            asFound ? network!.Value.Organisation : null,
            asFound ? network!.Value.FormatRange() : found ? country!.Value.FormatRange() : null,
            DataVersion);
    }

    private static string Version(RirRangeIndex? countries, AsnTable? networks)
    {
        var parts = new List<string>();
        foreach (var s in countries?.Sources ?? []) parts.Add($"{Path.GetFileName(s.FileName)}:{s.Serial}:{s.DataDate:yyyyMMdd}:{s.Kept}");
        foreach (var s in networks?.Sources ?? []) parts.Add($"{Path.GetFileName(s.FileName)}:{s.Kept}");
        return parts.Count == 0 ? "none" : Convert.ToHexStringLower(System.IO.Hashing.XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(string.Join('|', parts))));
    }
}
