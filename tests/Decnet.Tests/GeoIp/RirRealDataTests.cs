using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

/// <summary>The real delegated-stats files in ../shared/data/rir (2014: four RIRs, plain; 2026: AFRINIC extended).</summary>
public class RirRealDataTests
{
    internal static string[] RirFiles()
    {
        var dir = SharedData.Find("rir");
        var files = dir is null ? [] : Directory.GetFiles(dir, "delegated-*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) Skip.Test("../shared/data/rir (or $DECNET_SHARED_DATA/rir) is absent: real-data test skipped");
        return files;
    }

    [Test]
    [Arguments("2014/delegated-afrinic-latest", RirRegistry.Afrinic, "2014-06-30", 4024, 2929)]
    [Arguments("2014/delegated-apnic-latest", RirRegistry.Apnic, "2014-06-30", 33307, 27561)]
    [Arguments("2014/delegated-lacnic-latest", RirRegistry.Lacnic, "2014-06-27", 15783, 11477)]
    [Arguments("2014/delegated-ripencc-latest", RirRegistry.RipeNcc, "2014-06-30", 85681, 59265)]
    [Arguments("2026/delegated-afrinic-extended-latest", RirRegistry.Afrinic, "2026-05-05", 19286, 7011)]
    public async Task Each_file_parses_with_its_registry_date_and_counts(string relative, RirRegistry registry, string date, int rows, int kept)
    {
        var file = RirFiles().FirstOrDefault(f => f.Replace('\\', '/').EndsWith(relative, StringComparison.Ordinal));
        if (file is null) Skip.Test($"{relative} not in ../shared/data/rir");
        var ranges = new List<RirRange>();
        var s = RirFileParser.ParseFile(file!, ranges);
        await Assert.That(s.Registry).IsEqualTo(registry);
        await Assert.That(s.DataDate).IsEqualTo(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        // Rows = the record count the version line declares (asn and skipped rows included; summaries not).
        await Assert.That(s.Rows).IsEqualTo(rows);
        await Assert.That(s.Kept).IsEqualTo(kept);
        await Assert.That(s.Malformed).IsEqualTo(0);
        await Assert.That(ranges.Count).IsEqualTo(kept);
        await Assert.That(ranges.All(r => r.Registry == registry)).IsTrue();
    }

    [Test]
    [Arguments("41.0.0.1", "ZA", RirRegistry.Afrinic, "41.0.0.0-41.31.255.255")]
    [Arguments("1.1.1.1", "AU", RirRegistry.Apnic, "1.1.1.0-1.1.1.255")]
    [Arguments("200.0.8.1", "BR", RirRegistry.Lacnic, "200.0.8.0-200.0.15.255")]
    [Arguments("193.0.0.1", "NL", RirRegistry.RipeNcc, "193.0.0.0-193.0.15.255")]
    [Arguments("2001:610::1", "NL", RirRegistry.RipeNcc, "2001:610::-2001:610:ffff:ffff:ffff:ffff:ffff:ffff")]
    [Arguments("2c0f:f00::1", "SC", RirRegistry.Afrinic, "2c0f:f00::-2c0f:f00:ffff:ffff:ffff:ffff:ffff:ffff")]
    public async Task Known_addresses_one_per_registry(string ip, string cc, RirRegistry registry, string range)
    {
        var index = RirRangeIndex.BuildFromFiles(RirFiles());
        var r = index.Lookup(ip);
        await Assert.That(r.Status).IsEqualTo(GeoStatus.Found);
        await Assert.That(r.CountryCode).IsEqualTo(cc);
        await Assert.That(r.Registry).IsEqualTo(registry);
        await Assert.That(r.FormatRange()).IsEqualTo(range);
    }

    [Test]
    public async Task Private_and_malformed_input_on_the_real_index()
    {
        var index = RirRangeIndex.BuildFromFiles(RirFiles());
        await Assert.That(index.Lookup("192.168.1.1").Status).IsEqualTo(GeoStatus.NotPublic);
        await Assert.That(index.Lookup("fe80::1").Status).IsEqualTo(GeoStatus.NotPublic);
        await Assert.That(index.Lookup("999.1.1.1").Status).IsEqualTo(GeoStatus.Invalid);
        // No ARIN file in this set: an ARIN block is public and unknown.
        await Assert.That(index.Lookup("8.8.8.8").Status).IsEqualTo(GeoStatus.NotFound);
    }
}

public class RirLookupAgreementTests
{
    [Test]
    public async Task Fast_lookup_agrees_with_plain_binary_search_on_the_real_index()
    {
        var index = RirRangeIndex.BuildFromFiles(RirRealDataTests.RirFiles());
        var ranges = new List<RirRange>();
        foreach (var f in RirRealDataTests.RirFiles()) RirFileParser.ParseFile(f, ranges);
        var v6Rows = ranges.Where(r => r.IsIPv6).ToArray();
        var rng = new Random(5);
        Span<byte> b = stackalloc byte[16];
        var mismatches = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var v4 = (uint)rng.NextInt64(0, (long)uint.MaxValue + 1);
            if (index.Lookup(v4) != index.LookupByBinarySearch(v4) || !GeoAgreement.Same(index.LookupCountry(v4), index.LookupByBinarySearch(v4))) mismatches++;
            rng.NextBytes(b);
            var noise = IpNumber.ToUInt128(b);
            var row = v6Rows[rng.Next(v6Rows.Length)];
            // Inside a row, at a row's edges, anywhere, and inside ::/64 (the not-public blocks with low halves).
            UInt128[] probes = [row.Start | (noise & (row.End - row.Start)), row.Start, row.End, row.End + 1, row.Start - 1, noise, noise & 0xFFFF, noise >> 64];
            foreach (var p in probes)
                if (index.Lookup(p) != index.LookupByBinarySearch(p) || !GeoAgreement.Same(index.LookupCountry(p), index.LookupByBinarySearch(p))) mismatches++;
        }
        await Assert.That(mismatches).IsEqualTo(0);
    }
}
