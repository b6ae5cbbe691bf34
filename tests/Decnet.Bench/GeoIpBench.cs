using System.Net;
using Decnet.Engine.GeoIp;

namespace Decnet.Bench;

/// <summary>
/// GeoIP on the real delegated-stats files (../shared/data/rir, every file in every year folder):
/// parse + index against a straightforward string.Split / IPAddress.Parse / sort of the same rows; loading the saved
/// rir.idx against only reading its bytes (the I/O floor); typed IPv4 and IPv6 lookups (country, and with the range)
/// on random public addresses against a plain binary search over the same arrays (no trie); loading the saved asn.idx against
/// building the ASN table from ../shared/data/asn/asn-ipv4.csv.gz. Medians of several runs, in the
/// measuring thread's own CPU time (CLOCK_THREAD_CPUTIME_ID).
/// </summary>
public static class GeoIpBench
{
    private const int Runs = 7;
    private const int Lookups = 1 << 20;

    public static IEnumerable<BenchFigure> Run()
    {
        var dir = SharedData.Find("rir");
        var files = dir is null ? [] : Directory.GetFiles(dir, "delegated-*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine("geoip: skipped, ../shared/data/rir (or $DECNET_SHARED_DATA/rir) not found");
            yield break;
        }

        // Parse + index (files come from the page cache after the first run).
        RirRangeIndex index = RirRangeIndex.BuildFromFiles(files);
        var build = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => index = RirRangeIndex.BuildFromFiles(files))));
        var naive = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => NaiveParseAndSort(files))));
        Console.Error.WriteLine($"geoip: {files.Length} files, {index.RowCount:N0} rows, {index.IPv4Intervals:N0} IPv4 + {index.IPv6Intervals:N0} IPv6 intervals");
        yield return new BenchFigure("geoip parse+index rir/", build, "ms", "Split+IPAddress.Parse+sort", naive, "ms");

        // Save once, then load.
        var tmp = Path.Combine(Path.GetTempPath(), $"decnet-geoip-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(tmp);
        try
        {
            var idx = Path.Combine(tmp, GeoIndexFile.FileName);
            GeoIndexFile.Save(index, files.Select(SourceFingerprint.Of).ToArray(), idx);
            GeoIndexFile.Load(idx, out _);
            var load = 1000 * Median.Of(Enumerable.Range(0, Runs * 3).Select(_ => Time(() => GeoIndexFile.Load(idx, out IReadOnlyList<SourceFingerprint> _))));
            var read = 1000 * Median.Of(Enumerable.Range(0, Runs * 3).Select(_ => Time(() => File.ReadAllBytes(idx))));
            Console.Error.WriteLine($"geoip: rir.idx is {new FileInfo(idx).Length:N0} bytes");
            yield return new BenchFigure("geoip load rir.idx", load, "µs", "File.ReadAllBytes of it", read, "µs");
        }
        finally { Directory.Delete(tmp, recursive: true); }

        // Random public IPv4 addresses (not-public blocks redrawn), and IPv6 addresses inside random kept IPv6 rows.
        var rng = new Random(20260526);
        var v4 = new uint[Lookups];
        for (var i = 0; i < v4.Length; i++)
        {
            uint a;
            do a = (uint)rng.NextInt64(0, (long)uint.MaxValue + 1); while (index.Lookup(a).Status == GeoStatus.NotPublic);
            v4[i] = a;
        }
        var ranges = new List<RirRange>();
        foreach (var f in files) RirFileParser.ParseFile(f, ranges);
        var v6Ranges = ranges.Where(r => r.IsIPv6).ToArray();
        var v6 = new UInt128[Lookups];
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < v6.Length; i++)
        {
            var r = v6Ranges[rng.Next(v6Ranges.Length)];
            rng.NextBytes(bytes);
            v6[i] = r.Start | (IpNumber.ToUInt128(bytes) & (r.End - r.Start));
        }
        var found4 = v4.Count(a => index.Lookup(a).Status == GeoStatus.Found);
        Console.Error.WriteLine($"geoip: {found4 * 100.0 / v4.Length:0.0}% of the random public IPv4 addresses have a country (no ARIN file in the 2014 set)");

        // Warm up until the lookups run as fully optimised (tier-1) code.
        var warm = ThreadCpuClock.Seconds();
        while (ThreadCpuClock.Seconds() - warm < 1.0)
            foreach (var way in Enum.GetValues<Way>()) { NsPerLookup(v4, index, way); NsPerLookup(v6, index, way); }
        // The typed lookup answers what MaxMind's Find<CountryRecord> does (status, country, registry); "with range"
        // also gives the block around the address (what `geoip lookup` prints), which costs a read of the interval.
        var country4 = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(v4, index, Way.Country)));
        var range4 = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(v4, index, Way.WithRange)));
        var binary4 = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(v4, index, Way.BinarySearch)));
        yield return new BenchFigure("geoip IPv4 typed lookup", country4, "ns", "plain binary search", binary4, "ns");
        yield return new BenchFigure("geoip IPv4 typed lookup with range", range4, "ns", "plain binary search", binary4, "ns");
        // The same lookups over a small working set (4,096 of those addresses, each looked up 256 times): what a
        // honeypot's attacker population mostly is, and how IPToCC-style figures are taken. Here the index is in cache.
        var hot4 = Repeat(v4.AsSpan(0, 4096), 256);
        var hot4ns = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(hot4, index, Way.Country)));
        var hot4bin = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(hot4, index, Way.BinarySearch)));
        yield return new BenchFigure("geoip IPv4 lookup, 4k hot addresses", hot4ns, "ns", "plain binary search", hot4bin, "ns");
        var hot6 = Repeat(v6.AsSpan(0, 4096), 256);
        var hot6ns = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(hot6, index, Way.Country)));
        var hot6bin = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(hot6, index, Way.BinarySearch)));
        yield return new BenchFigure("geoip IPv6 lookup, 4k hot addresses", hot6ns, "ns", "plain binary search", hot6bin, "ns");

        var country6 = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(v6, index, Way.Country)));
        var range6 = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(v6, index, Way.WithRange)));
        var binary6 = Median.Of(Enumerable.Range(0, Runs).Select(_ => NsPerLookup(v6, index, Way.BinarySearch)));
        yield return new BenchFigure("geoip IPv6 typed lookup", country6, "ns", "plain binary search", binary6, "ns");
        yield return new BenchFigure("geoip IPv6 typed lookup with range", range6, "ns", "plain binary search", binary6, "ns");

        // Side by side with MaxMind's reader on GeoLite2-Country, on the same addresses (as IPAddress, its typed input).
        var mmdb = GeoLiteComparison.FindMmdb();
        if (mmdb is null)
            Console.Error.WriteLine($"geoip: MaxMind comparison skipped, no GeoLite2 mmdb (make bench fetches it; or set {GeoLiteComparison.MmdbEnv})");
        else
        {
            using var reader = new MaxMind.Db.Reader(mmdb, MaxMind.Db.FileAccessMode.Memory);
            var mm4 = v4.Take(Lookups / 4).Select(a => IPAddress.Parse(IpNumber.Format(a))).ToArray();
            var mm6 = v6.Take(Lookups / 4).Select(a => IPAddress.Parse(IpNumber.Format(true, a))).ToArray();
            warm = ThreadCpuClock.Seconds();
            while (ThreadCpuClock.Seconds() - warm < 1.0) { GeoLiteComparison.NsPerLookup(reader, mm4); GeoLiteComparison.NsPerLookup(reader, mm6); }
            var maxmind4 = Median.Of(Enumerable.Range(0, Runs).Select(_ => GeoLiteComparison.NsPerLookup(reader, mm4)));
            var maxmind6 = Median.Of(Enumerable.Range(0, Runs).Select(_ => GeoLiteComparison.NsPerLookup(reader, mm6)));
            yield return new BenchFigure("geoip IPv4 typed lookup", country4, "ns", "MaxMind.Db on GeoLite2-Country", maxmind4, "ns");
            yield return new BenchFigure("geoip IPv6 typed lookup", country6, "ns", "MaxMind.Db on GeoLite2-Country", maxmind6, "ns");
            foreach (var figure in GeoLiteComparison.Agreement(index, reader)) yield return figure;
        }

        // The ASN table: loading the saved asn.idx against building it from the CSV (what a start without it costs).
        var asnDir = SharedData.Find("asn");
        var asnFile = asnDir is null ? null : Path.Combine(asnDir, "asn-ipv4.csv.gz");
        if (asnFile is null || !File.Exists(asnFile))
        {
            Console.Error.WriteLine("geoip: asn figures skipped, ../shared/data/asn/asn-ipv4.csv.gz not found");
            yield break;
        }
        var table = AsnTable.BuildFromFiles([asnFile]);
        var asnBuild = Median.Of(Enumerable.Range(0, 3).Select(_ => Time(() => table = AsnTable.BuildFromFiles([asnFile]))));
        var asnTmp = Path.Combine(Path.GetTempPath(), $"decnet-asn-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(asnTmp);
        try
        {
            var idx = Path.Combine(asnTmp, AsnIndexFile.FileName);
            AsnIndexFile.Save(table, [SourceFingerprint.Of(asnFile)], idx);
            var asnLoad = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => AsnIndexFile.Load(idx, out IReadOnlyList<SourceFingerprint> _))));
            Console.Error.WriteLine($"geoip: asn {table.RowCount:N0} rows, {table.OrganisationCount:N0} organisations, asn.idx {new FileInfo(idx).Length:N0} bytes");
            yield return new BenchFigure("geoip load asn.idx", asnLoad, "ms", "build from asn-ipv4.csv.gz", asnBuild, "ms");
        }
        finally { Directory.Delete(asnTmp, recursive: true); }
    }

    private static T[] Repeat<T>(ReadOnlySpan<T> items, int times)
    {
        var all = new T[items.Length * times];
        for (var i = 0; i < times; i++) items.CopyTo(all.AsSpan(i * items.Length));
        return all;
    }

    // Milliseconds of this thread's CPU time: the bench machines are shared, wall clock mostly measures the neighbours.
    private static double Time(Action action)
    {
        var t0 = ThreadCpuClock.Seconds();
        action();
        return (ThreadCpuClock.Seconds() - t0) * 1000;
    }

    private enum Way { Country, WithRange, BinarySearch }

    // Each loop consumes the whole answer (country, registry, and the range where asked) so nothing is optimised away;
    // one small method per way, so each loop is compiled on its own.
    private static double NsPerLookup(uint[] addresses, RirRangeIndex index, Way way) => way switch
    {
        Way.Country => Country(addresses, index),
        Way.WithRange => WithRange(addresses, index),
        _ => BinarySearch(addresses, index),
    };

    private static double NsPerLookup(UInt128[] addresses, RirRangeIndex index, Way way) => way switch
    {
        Way.Country => Country(addresses, index),
        Way.WithRange => WithRange(addresses, index),
        _ => BinarySearch(addresses, index),
    };

    private static double Country(uint[] addresses, RirRangeIndex index)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) { var r = index.LookupCountry(a); sink += r.CountryCode.Length + (int)r.Registry; }
        return PerLookup(t0, addresses.Length, sink);
    }

    private static double WithRange(uint[] addresses, RirRangeIndex index)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) { var r = index.Lookup(a); sink += r.CountryCode.Length + (int)r.Registry + (long)r.RangeEnd; }
        return PerLookup(t0, addresses.Length, sink);
    }

    private static double BinarySearch(uint[] addresses, RirRangeIndex index)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) { var r = index.LookupByBinarySearch(a); sink += r.CountryCode.Length + (int)r.Registry + (long)r.RangeEnd; }
        return PerLookup(t0, addresses.Length, sink);
    }

    private static double Country(UInt128[] addresses, RirRangeIndex index)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) { var r = index.LookupCountry(a); sink += r.CountryCode.Length + (int)r.Registry; }
        return PerLookup(t0, addresses.Length, sink);
    }

    private static double WithRange(UInt128[] addresses, RirRangeIndex index)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) { var r = index.Lookup(a); sink += r.CountryCode.Length + (int)r.Registry + (long)r.RangeEnd; }
        return PerLookup(t0, addresses.Length, sink);
    }

    private static double BinarySearch(UInt128[] addresses, RirRangeIndex index)
    {
        long sink = 0;
        var t0 = ThreadCpuClock.Seconds();
        foreach (var a in addresses) { var r = index.LookupByBinarySearch(a); sink += r.CountryCode.Length + (int)r.Registry + (long)r.RangeEnd; }
        return PerLookup(t0, addresses.Length, sink);
    }

    private static double PerLookup(double t0, int lookups, long sink)
    {
        var ns = (ThreadCpuClock.Seconds() - t0) * 1e9 / lookups;
        if (sink == long.MinValue) Console.Error.WriteLine(sink);
        return ns;
    }

    // What a first version would do: lines, Split, IPAddress.Parse, then sort the ranges by start.
    private static int NaiveParseAndSort(string[] files)
    {
        var v4 = new List<(uint Start, uint End, string Cc)>();
        var v6 = new List<(UInt128 Start, int Prefix, string Cc)>();
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                var f = line.Split('|');
                if (f.Length < 7 || f[6] is not ("allocated" or "assigned") || f[1] is "" or "*" or "ZZ") continue;
                if (f[2] == "ipv4")
                {
                    var b = IPAddress.Parse(f[3]).GetAddressBytes();
                    var s = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
                    v4.Add((s, s + uint.Parse(f[4]) - 1, f[1]));
                }
                else if (f[2] == "ipv6")
                {
                    IpNumber.TryGetValue(IPAddress.Parse(f[3]), out _, out var s);
                    v6.Add((s, int.Parse(f[4]), f[1]));
                }
            }
        }
        v4.Sort((a, b) => a.Start.CompareTo(b.Start));
        v6.Sort((a, b) => a.Start.CompareTo(b.Start));
        return v4.Count + v6.Count;
    }
}
