using System.Net;
using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

public class RirRangeIndexTests
{
    private static RirRange V4(string start, uint hosts, string cc, RirRegistry reg = RirRegistry.RipeNcc)
    {
        IpNumber.TryParseIPv4(start, out var s);
        return new RirRange(false, s, s + hosts - 1, CountryCode.Pack(cc), reg);
    }

    private static RirRange V6(string start, int prefix, string cc, RirRegistry reg = RirRegistry.RipeNcc)
    {
        IpNumber.TryParseIPv6(start, out var s);
        return new RirRange(true, s, s | ((UInt128.One << (128 - prefix)) - 1), CountryCode.Pack(cc), reg);
    }

    private static readonly RirRangeIndex Sample = RirRangeIndex.Build(
    [
        V4("80.0.0.0", 1 << 16, "DE"),          // 80.0.0.0/16
        V4("80.0.4.0", 256, "FR"),              // nested /24: more specific wins
        V4("80.0.5.0", 256, "DE"),              // adjacent to the FR block
        V4("1.1.1.0", 256, "AU", RirRegistry.Apnic),
        V4("41.0.0.0", 768, "ZA", RirRegistry.Afrinic),
        V4("10.1.0.0", 256, "US", RirRegistry.Arin), // inside 10/8: not public wins
        V6("2001:610::", 29, "NL"),
        V6("2001:610:100::", 48, "BE"),
    ]);

    [Test]
    public async Task Most_specific_range_wins_and_the_outer_range_resumes_after_it()
    {
        await Assert.That(Sample.Lookup("80.0.3.255").CountryCode).IsEqualTo("DE");
        var fr = Sample.Lookup("80.0.4.7");
        await Assert.That(fr.CountryCode).IsEqualTo("FR");
        await Assert.That(fr.FormatRange()).IsEqualTo("80.0.4.0-80.0.4.255");
        await Assert.That(Sample.Lookup("80.0.5.1").CountryCode).IsEqualTo("DE");
        var tail = Sample.Lookup("80.0.200.1");
        await Assert.That(tail.CountryCode).IsEqualTo("DE");
        await Assert.That(tail.FormatRange()).IsEqualTo("80.0.6.0-80.0.255.255");
    }

    [Test]
    public async Task Order_of_input_does_not_change_the_winner()
    {
        var reversed = RirRangeIndex.Build([V4("80.0.4.0", 256, "FR"), V4("80.0.0.0", 1 << 16, "DE")]);
        await Assert.That(reversed.Lookup("80.0.4.1").CountryCode).IsEqualTo("FR");
        await Assert.That(reversed.Lookup("80.0.3.1").CountryCode).IsEqualTo("DE");
        await Assert.That(reversed.Lookup("80.0.5.1").CountryCode).IsEqualTo("DE");
    }

    [Test]
    public async Task Identical_rows_later_one_wins()
    {
        var index = RirRangeIndex.Build([V4("80.0.4.0", 256, "FR"), V4("80.0.4.0", 256, "BE")]);
        await Assert.That(index.Lookup("80.0.4.1").CountryCode).IsEqualTo("BE");
    }

    [Test]
    public async Task Block_of_768_hosts_and_its_edges()
    {
        var r = Sample.Lookup("41.0.2.255");
        await Assert.That(r.Status).IsEqualTo(GeoStatus.Found);
        await Assert.That(r.CountryCode).IsEqualTo("ZA");
        await Assert.That(r.Registry).IsEqualTo(RirRegistry.Afrinic);
        await Assert.That(r.FormatRange()).IsEqualTo("41.0.0.0-41.0.2.255");
        await Assert.That(Sample.Lookup("41.0.3.0").Status).IsEqualTo(GeoStatus.NotFound);
        await Assert.That(Sample.Lookup("40.255.255.255").Status).IsEqualTo(GeoStatus.NotFound);
    }

    [Test]
    public async Task Typed_text_and_IPAddress_lookups_agree()
    {
        var a = Sample.Lookup(0x01010101u);
        await Assert.That(Sample.Lookup("1.1.1.1")).IsEqualTo(a);
        await Assert.That(Sample.Lookup(IPAddress.Parse("1.1.1.1"))).IsEqualTo(a);
        await Assert.That(a.CountryCode).IsEqualTo("AU");
        await Assert.That(a.Registry).IsEqualTo(RirRegistry.Apnic);
    }

    [Test]
    [Arguments("::ffff:1.1.1.1")]
    [Arguments("::ffff:101:101")]
    public async Task Ipv4_mapped_ipv6_resolves_as_ipv4(string text)
    {
        var r = Sample.Lookup(text);
        await Assert.That(r).IsEqualTo(Sample.Lookup("1.1.1.1"));
        await Assert.That(r.IsIPv6).IsFalse();
        await Assert.That(Sample.Lookup(IPAddress.Parse(text))).IsEqualTo(r);
        await Assert.That(Sample.Lookup("::ffff:10.0.0.1").Status).IsEqualTo(GeoStatus.NotPublic);
    }

    [Test]
    public async Task Ipv6_nested_prefix()
    {
        var be = Sample.Lookup("2001:610:100::1");
        await Assert.That(be.CountryCode).IsEqualTo("BE");
        await Assert.That(be.IsIPv6).IsTrue();
        await Assert.That(be.FormatRange()).IsEqualTo("2001:610:100::-2001:610:100:ffff:ffff:ffff:ffff:ffff");
        await Assert.That(Sample.Lookup("2001:617:ffff::1").CountryCode).IsEqualTo("NL");
        await Assert.That(Sample.Lookup("2001:618::").Status).IsEqualTo(GeoStatus.NotFound);
    }

    [Test]
    [Arguments("10.1.0.1")]
    [Arguments("10.255.255.255")]
    [Arguments("172.16.0.1")]
    [Arguments("172.31.255.255")]
    [Arguments("192.168.1.1")]
    [Arguments("127.0.0.1")]
    [Arguments("169.254.10.10")]
    [Arguments("100.64.0.1")]
    [Arguments("100.127.255.255")]
    [Arguments("224.0.0.1")]
    [Arguments("239.255.255.250")]
    [Arguments("192.0.2.1")]
    [Arguments("198.51.100.1")]
    [Arguments("203.0.113.1")]
    [Arguments("0.0.0.0")]
    [Arguments("255.255.255.255")]
    [Arguments("240.0.0.1")]
    [Arguments("198.18.0.1")]
    [Arguments("::")]
    [Arguments("::1")]
    [Arguments("fc00::1")]
    [Arguments("fd12:3456::1")]
    [Arguments("fe80::1")]
    [Arguments("ff02::1")]
    [Arguments("2001:db8::1")]
    [Arguments("2001:db8:ffff::")]
    public async Task Not_public_addresses(string text)
    {
        var r = Sample.Lookup(text);
        await Assert.That(r.Status).IsEqualTo(GeoStatus.NotPublic);
        await Assert.That(r.CountryCode).IsEqualTo("");
    }

    [Test]
    [Arguments("100.63.255.255")]
    [Arguments("100.128.0.0")]
    [Arguments("172.15.255.255")]
    [Arguments("172.32.0.0")]
    [Arguments("8.8.8.8")]
    [Arguments("2001:db9::1")]
    public async Task Edges_of_not_public_blocks_are_public(string text) =>
        await Assert.That(Sample.Lookup(text).Status).IsEqualTo(GeoStatus.NotFound);

    [Test]
    [Arguments("")]
    [Arguments("hello")]
    [Arguments("1.2.3")]
    [Arguments("1.2.3.256")]
    [Arguments("2001:::1")]
    [Arguments("1.2.3.4/24")]
    public async Task Invalid_text(string text)
    {
        var r = Sample.Lookup(text);
        await Assert.That(r.Status).IsEqualTo(GeoStatus.Invalid);
        await Assert.That(r.FormatRange()).IsEqualTo("");
    }

    [Test]
    public async Task Bucket_lookup_agrees_with_plain_binary_search_and_a_naive_scan()
    {
        var rng = new Random(7);
        var ranges = new List<RirRange>();
        for (var i = 0; i < 3000; i++)
        {
            var start = (uint)rng.NextInt64(0, uint.MaxValue);
            var hosts = (uint)rng.Next(1, 1 << rng.Next(1, 22));
            if ((ulong)start + hosts - 1 > uint.MaxValue) continue;
            ranges.Add(new RirRange(false, start, start + hosts - 1, (ushort)('A' << 8 | 'A' + i % 26), RirRegistry.Arin));
        }
        var index = RirRangeIndex.Build(ranges);
        for (var k = 0; k < 20_000; k++)
        {
            var ip = (uint)rng.NextInt64(0, (long)uint.MaxValue + 1);
            await Assert.That(index.Lookup(ip)).IsEqualTo(index.LookupByBinarySearch(ip));
            await Assert.That(GeoAgreement.Same(index.LookupCountry(ip), index.LookupByBinarySearch(ip))).IsTrue();
            var got = index.Lookup(ip);
            if (got.Status == GeoStatus.NotPublic) continue;
            // Naive: smallest covering range, later wins ties.
            var best = -1;
            for (var r = 0; r < ranges.Count; r++)
                if (ranges[r].Start <= ip && ip <= ranges[r].End && (best < 0 || ranges[r].End - ranges[r].Start <= ranges[best].End - ranges[best].Start)) best = r;
            await Assert.That(got.CountryCode).IsEqualTo(best < 0 ? "" : ranges[best].CountryCode);
        }
    }
}

public class PackedLookupTests
{
    [Test]
    public async Task Packed_lookup_agrees_with_binary_search_on_dense_random_ipv6_including_long_prefixes()
    {
        var rng = new Random(9);
        var ranges = new List<RirRange>();
        Span<byte> b = stackalloc byte[16];
        for (var i = 0; i < 5000; i++)
        {
            rng.NextBytes(b);
            var prefix = i % 50 == 0 ? rng.Next(65, 129) : rng.Next(20, 65); // a few rows longer than /64
            var start = (IpNumber.ToUInt128(b) & ((UInt128)0x0FFF << 112 | (UInt128.MaxValue >> 16))) | (UInt128)0x2000 << 112;
            if (i % 3 == 0) start = (start & (UInt128.MaxValue >> 16)) | (UInt128)0x2001 << 112; // one dense /16
            var mask = (UInt128.One << (128 - prefix)) - 1;
            start &= ~mask;
            ranges.Add(new RirRange(true, start, start | mask, CountryCode.Pack("NL"), RirRegistry.RipeNcc));
        }
        var index = RirRangeIndex.Build(ranges);
        var mismatches = 0;
        for (var i = 0; i < 100_000; i++)
        {
            rng.NextBytes(b);
            var noise = IpNumber.ToUInt128(b);
            var r = ranges[rng.Next(ranges.Count)];
            UInt128[] probes = [r.Start | (noise & (r.End - r.Start)), r.Start, r.End, r.End + 1, r.Start - 1, noise, noise >> 64, noise & 0xFF];
            foreach (var p in probes)
                if (index.Lookup(p) != index.LookupByBinarySearch(p) || !GeoAgreement.Same(index.LookupCountry(p), index.LookupByBinarySearch(p))) mismatches++;
        }
        await Assert.That(mismatches).IsEqualTo(0);
    }
}

public class GeoLookupAllocationTests
{
    [Test]
    public async Task Lookups_do_not_allocate()
    {
        var index = RirRangeIndex.Build([new RirRange(false, 0x01010100, 0x010101FF, CountryCode.Pack("AU"), RirRegistry.Apnic)]);
        var asn = AsnTable.Build([new AsnRow(false, 0x01000000, 0x010000FF, 13335, "Cloudflare, Inc.")]);
        var address = IPAddress.Parse("1.1.1.1");
        var v6 = IPAddress.Parse("2001:db8::1");
        IpNumber.TryParseIPv6("2a00:1450::1", out var typed6);
        long sink = 0;
        void Round()
        {
            for (var i = 0; i < 1000; i++)
            {
                sink += index.Lookup(0x01010101u).CountryCode.Length + index.Lookup(typed6).CountryCode.Length;
                sink += index.LookupCountry(0x01010101u).CountryCode.Length + index.LookupCountry(typed6).CountryCode.Length;
                sink += index.Lookup("1.1.1.1").CountryCode.Length + index.Lookup("::ffff:1.1.1.1").CountryCode.Length;
                sink += (int)index.Lookup(address).Status + (int)index.Lookup(v6).Status + (int)index.Lookup("bad").Status;
                sink += asn.Lookup(0x01000001u).Asn + asn.Lookup("1.0.0.1").Organisation.Length;
            }
        }
        Round();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(allocated).IsEqualTo(0L);
        await Assert.That(sink).IsGreaterThan(0L);
    }
}

internal static class GeoAgreement
{
    /// <summary>The country-only lookup gives the same status, country and registry as the full one.</summary>
    public static bool Same(GeoCountry c, GeoResult r) => c.Status == r.Status && c.CountryCode == r.CountryCode && c.Registry == r.Registry;
}
