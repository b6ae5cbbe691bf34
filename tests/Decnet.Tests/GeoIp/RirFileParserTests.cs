using System.Text;
using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

public class RirFileParserTests
{
    private static (RirFileSummary Summary, List<RirRange> Ranges) Parse(string text)
    {
        var ranges = new List<RirRange>();
        var summary = RirFileParser.Parse(Encoding.ASCII.GetBytes(text), "t", ranges);
        return (summary, ranges);
    }

    [Test]
    public async Task Version_line_gives_registry_serial_and_end_date()
    {
        var (s, r) = Parse("2|ripencc|1404165599|85681|19830705|20140630|+0200\n");
        await Assert.That(s.Registry).IsEqualTo(RirRegistry.RipeNcc);
        await Assert.That(s.Serial).IsEqualTo("1404165599");
        await Assert.That(s.DataDate).IsEqualTo(new DateOnly(2014, 6, 30));
        await Assert.That(s.Rows).IsEqualTo(0);
        await Assert.That(r.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Comments_summary_and_asn_rows_are_not_ranges()
    {
        var (s, r) = Parse("# comment\n   # indented\n\n2|apnic|20140701|3|19850701|20140630|+1000\napnic|*|ipv4|*|15804|summary\napnic|JP|asn|173|1|20020801|allocated\n");
        await Assert.That(r.Count).IsEqualTo(0);
        await Assert.That(s.Malformed).IsEqualTo(0);
        await Assert.That(s.Rows).IsEqualTo(1);
    }

    [Test]
    public async Task Plain_ipv4_row()
    {
        var (s, r) = Parse("apnic|AU|ipv4|1.1.1.0|256|20110811|assigned\n");
        await Assert.That(s.Kept).IsEqualTo(1);
        await Assert.That(r[0]).IsEqualTo(new RirRange(false, 0x01010100, 0x010101FF, CountryCode.Pack("AU"), RirRegistry.Apnic));
        await Assert.That(r[0].CountryCode).IsEqualTo("AU");
    }

    [Test]
    public async Task Extended_row_with_opaque_id_and_extensions()
    {
        var (s, r) = Parse("afrinic|ZA|ipv4|41.0.0.0|2097152|20071126|allocated|F36B9F4B\nafrinic|KE|ipv4|41.80.0.0|65536|20071126|assigned|ABCD|ext1|ext2\n");
        await Assert.That(s.Kept).IsEqualTo(2);
        await Assert.That(r[0].End).IsEqualTo((UInt128)(0x29000000u + 2097152u - 1));
        await Assert.That(r[1].CountryCode).IsEqualTo("KE");
    }

    [Test]
    public async Task Host_count_768_is_one_range_not_a_power_of_two()
    {
        var (_, r) = Parse("ripencc|DE|ipv4|80.0.0.0|768|20000101|allocated\r\n");
        await Assert.That(r.Count).IsEqualTo(1);
        await Assert.That(r[0].Start).IsEqualTo((UInt128)0x50000000u);
        await Assert.That(r[0].End).IsEqualTo((UInt128)(0x50000000u + 767));
    }

    [Test]
    public async Task Ipv6_value_is_a_prefix_length()
    {
        var (_, r) = Parse("ripencc|NL|ipv6|2001:610::|29|19990819|allocated\n");
        await Assert.That(r[0].IsIPv6).IsTrue();
        IpNumber.TryParseIPv6("2001:610::", out var start);
        IpNumber.TryParseIPv6("2001:617:ffff:ffff:ffff:ffff:ffff:ffff", out var end);
        await Assert.That(r[0].Start).IsEqualTo(start);
        await Assert.That(r[0].End).IsEqualTo(end);
    }

    [Test]
    [Arguments("afrinic||ipv4|41.0.0.0|256|20071126|available|F36B9F4B")]
    [Arguments("afrinic||ipv4|41.0.0.0|256|20071126|reserved|F36B9F4B")]
    [Arguments("afrinic|ZA|ipv4|41.0.0.0|256|20071126|reserved")]
    [Arguments("afrinic|*|ipv4|41.0.0.0|256|20071126|allocated")]
    [Arguments("afrinic|ZZ|ipv4|41.0.0.0|256|20071126|allocated")]
    [Arguments("afrinic||ipv4|41.0.0.0|256|20071126|assigned")]
    public async Task Rows_without_a_country_or_status_are_skipped_not_malformed(string line)
    {
        var (s, r) = Parse(line + "\n");
        await Assert.That(r.Count).IsEqualTo(0);
        await Assert.That(s.Malformed).IsEqualTo(0);
        await Assert.That(s.Rows).IsEqualTo(1);
    }

    [Test]
    [Arguments("apnic|AU|ipv4|1.1.1|256|20110811|assigned", "bad IPv4 start '1.1.1'")]
    [Arguments("apnic|AU|ipv4|1.1.1.0|abc|20110811|assigned", "bad IPv4 host count 'abc'")]
    [Arguments("apnic|AU|ipv4|1.1.1.0|0|20110811|assigned", "bad IPv4 host count '0'")]
    [Arguments("apnic|AU|ipv4|255.255.255.0|512|20110811|assigned", "runs past 255.255.255.255")]
    [Arguments("apnic|AU|ipv6|2001:zz::|32|20110811|assigned", "bad IPv6 start '2001:zz::'")]
    [Arguments("apnic|AU|ipv6|2001:db8::|129|20110811|assigned", "bad IPv6 prefix length '129'")]
    [Arguments("apnic|AU|ipv6|2001:db8::1|32|20110811|assigned", "not aligned to /32")]
    [Arguments("apnic|AU|ipv4|1.1.1.0|256", "expected at least 7 '|' fields, found 5")]
    [Arguments("apnic|AU|ipx|1.1.1.0|256|20110811|assigned", "unknown type 'ipx'")]
    [Arguments("apnic|AU|ipv4|1.1.1.0|256|20110811|stolen", "unknown status 'stolen'")]
    [Arguments("nowhere|AU|ipv4|1.1.1.0|256|20110811|assigned", "unknown registry 'nowhere'")]
    [Arguments("apnic|A1|ipv4|1.1.1.0|256|20110811|assigned", "bad country code 'A1'")]
    public async Task Malformed_rows_are_counted_with_file_line_and_reason(string bad, string reason)
    {
        var (s, r) = Parse("2|apnic|20140701|3|19850701|20140630|+1000\napnic|JP|ipv4|1.0.16.0|4096|20110412|allocated\n" + bad + "\napnic|AU|ipv4|1.1.1.0|256|20110811|assigned\n");
        await Assert.That(s.Malformed).IsEqualTo(1);
        await Assert.That(s.Kept).IsEqualTo(2);
        await Assert.That(r.Count).IsEqualTo(2);
        await Assert.That(s.Samples.Count).IsEqualTo(1);
        await Assert.That(s.Samples[0]).StartsWith("t:3: ");
        await Assert.That(s.Samples[0]).Contains(reason);
    }

    [Test]
    public async Task Samples_are_capped_but_every_malformed_row_is_counted()
    {
        var text = string.Concat(Enumerable.Repeat("apnic|AU|ipv4|x|256|20110811|assigned\n", 20));
        var (s, _) = Parse(text);
        await Assert.That(s.Malformed).IsEqualTo(20);
        await Assert.That(s.Samples.Count).IsEqualTo(RirFileParser.MaxSamples);
    }

    [Test]
    public async Task Stream_input_matches_span_input()
    {
        var text = "2|lacnic|20140629|2|19870101|20140627|-0300\nlacnic|AR|ipv4|24.232.0.0|65536|19970602|allocated\nlacnic|BR|ipv6|2001:1280::|32|20020418|allocated";
        var ranges = new List<RirRange>();
        var s = RirFileParser.Parse(new MemoryStream(Encoding.ASCII.GetBytes(text)), "lac", ranges);
        await Assert.That(s.Registry).IsEqualTo(RirRegistry.Lacnic);
        await Assert.That(s.Kept).IsEqualTo(2);
        await Assert.That(ranges[1].CountryCode).IsEqualTo("BR");
    }
}
