using System.Net;
using Decnet.Engine.GeoIp;
using Decnet.Engine.Ingest;
using MaxMind.Db;

namespace Decnet.Bench;

/// <summary>
/// decnet's RIR index beside MaxMind's own .NET reader (MaxMind.Db, bench project only) on GeoLite2-Country
/// (npm @ip-location-db/geolite2-country-mmdb, fetched by `make bench` into out/bench-data): typed lookup speed on the
/// same addresses, and how often the two agree on the country of every distinct source IP in ../shared/data/cowrie.
/// </summary>
public static class GeoLiteComparison
{
    public const string MmdbEnv = "DECNET_GEOLITE2_MMDB";

    /// <summary>GeoLite2 record as ip-location-db writes it: only a country_code.</summary>
    public sealed class CountryRecord
    {
        [Constructor]
        public CountryRecord([MapKey("country_code")] string? countryCode) => CountryCode = countryCode ?? "";
        public string CountryCode { get; }
    }

    public static string? FindMmdb()
    {
        var env = Environment.GetEnvironmentVariable(MmdbEnv);
        if (!string.IsNullOrEmpty(env)) return File.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "out", "bench-data", "geolite2", "geolite2-country.mmdb");
            if (File.Exists(Path.Combine(dir.FullName, "Decnet.csproj"))) return File.Exists(p) ? p : null;
        }
        return null;
    }

    public static double NsPerLookup(Reader reader, IPAddress[] addresses)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) sink += reader.Find<CountryRecord>(a)?.CountryCode.Length ?? 0;
        var ns = (ThreadCpuClock.Seconds() - t0) * 1e9 / addresses.Length;
        if (sink == long.MinValue) Console.Error.WriteLine(sink);
        return ns;
    }

    /// <summary>
    /// Every distinct src_ip in the Cowrie logs looked up in both. Agreement is over the addresses both give a country;
    /// the disagreeing ranges' share is how many of the RIR ranges those addresses fall in hold at least one disagreement.
    /// </summary>
    public static IEnumerable<BenchFigure> Agreement(RirRangeIndex index, Reader reader)
    {
        var cowrie = SharedData.Find("cowrie");
        if (cowrie is null)
        {
            Console.Error.WriteLine("geoip: agreement skipped, ../shared/data/cowrie not found");
            yield break;
        }
        var ips = DistinctSourceIps(Directory.GetFiles(cowrie, "*.gz").Order(StringComparer.Ordinal));
        int both = 0, agree = 0, rirOnly = 0, geoliteOnly = 0, neither = 0;
        var ranges = new HashSet<(UInt128, UInt128)>();
        var disagreeingRanges = new HashSet<(UInt128, UInt128)>();
        var pairs = new Dictionary<(string Rir, string GeoLite), int>();
        foreach (var ip in ips)
        {
            var address = IPAddress.Parse(ip);
            var rir = index.Lookup(address);
            var lite = reader.Find<CountryRecord>(address)?.CountryCode ?? "";
            var hasRir = rir.Status == GeoStatus.Found;
            if (hasRir && lite.Length > 0)
            {
                both++;
                ranges.Add((rir.RangeStart, rir.RangeEnd));
                if (string.Equals(rir.CountryCode, lite, StringComparison.OrdinalIgnoreCase)) agree++;
                else
                {
                    disagreeingRanges.Add((rir.RangeStart, rir.RangeEnd));
                    var key = (rir.CountryCode, lite);
                    pairs[key] = pairs.GetValueOrDefault(key) + 1;
                }
            }
            else if (hasRir) rirOnly++;
            else if (lite.Length > 0) geoliteOnly++;
            else neither++;
        }
        Console.Error.WriteLine($"geoip: {ips.Count:N0} distinct Cowrie source IPs: both have a country {both:N0}, RIR only {rirOnly:N0}, " +
                                $"GeoLite2 only {geoliteOnly:N0} (no ARIN file in the 2014 set), neither {neither:N0}");
        Console.Error.WriteLine("geoip: most common disagreements (RIR→GeoLite2): " +
                                string.Join(", ", pairs.OrderByDescending(p => p.Value).Take(6).Select(p => $"{p.Key.Rir}→{p.Key.GeoLite} {p.Value}")));
        if (both == 0) yield break;
        yield return new BenchFigure("geoip agreement RIR 2014 vs GeoLite2", 100.0 * agree / both, "%", "addresses compared", both, "IPs", ShowRatio: false);
        yield return new BenchFigure("geoip disagreeing ranges' share", 100.0 * disagreeingRanges.Count / ranges.Count, "%",
            "RIR ranges holding compared IPs", ranges.Count, "ranges", ShowRatio: false);
    }

    // The Cowrie logs read by decnet's own ingest reader (gzip by magic, torn lines counted and skipped).
    private static HashSet<string> DistinctSourceIps(IEnumerable<string> files)
    {
        var reader = new EventStreamReader(TimeProvider.System);
        var ips = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            foreach (var batch in reader.Read(stream, InputFormat.Cowrie, file, 4096))
                foreach (var e in batch.Events)
                    if (IPAddress.TryParse(e.SrcIp, out _)) ips.Add(e.SrcIp);
        }
        return ips;
    }
}
