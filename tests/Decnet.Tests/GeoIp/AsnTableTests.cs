using System.IO.Compression;
using System.Text;
using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

public class AsnTableTests
{
    private static (AsnFileSummary Summary, List<AsnRow> Rows) Parse(string text)
    {
        var rows = new List<AsnRow>();
        var s = AsnFileParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t", rows, new OrganisationNames());
        return (s, rows);
    }

    [Test]
    public async Task Csv_quoting_with_commas_and_escaped_quotes()
    {
        var (s, rows) = Parse("1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd\n2.0.0.0,2.0.0.255,64500,\"The \"\"Quoted\"\" Co, Ltd\"\n");
        await Assert.That(s.Malformed).IsEqualTo(0);
        await Assert.That(s.Kept).IsEqualTo(3);
        await Assert.That(s.Format).IsEqualTo("csv");
        await Assert.That(rows[0]).IsEqualTo(new AsnRow(false, 0x01000000, 0x010000FF, 13335, "Cloudflare, Inc."));
        await Assert.That(rows[1].Organisation).IsEqualTo("Gtelecom Pty Ltd");
        await Assert.That(rows[2].Organisation).IsEqualTo("The \"Quoted\" Co, Ltd");
    }

    [Test]
    public async Task Tsv_rows_v4_v6_numeric_and_not_routed()
    {
        var (s, rows) = Parse("1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n1.0.1.0\t1.0.3.255\t0\tNone\tNot routed\n16777728\t16778239\t38803\tAU\tGTELECOM\n2001:200::\t2001:200:ffff:ffff:ffff:ffff:ffff:ffff\t2500\tJP\tWIDE-BB WIDE Project\n");
        await Assert.That(s.Format).IsEqualTo("tsv");
        await Assert.That(s.Rows).IsEqualTo(4);
        await Assert.That(s.Kept).IsEqualTo(3);
        await Assert.That(s.NotRouted).IsEqualTo(1);
        await Assert.That(rows[1].Start).IsEqualTo((UInt128)16777728u);
        await Assert.That(rows[2].IsIPv6).IsTrue();
        var table = AsnTable.Build(rows);
        var v6 = table.Lookup("2001:200::1");
        await Assert.That(v6.Asn).IsEqualTo(2500u);
        await Assert.That(v6.Organisation).IsEqualTo("WIDE-BB WIDE Project");
        await Assert.That(table.Lookup("1.0.1.1").Status).IsEqualTo(AsnStatus.NotFound);
        await Assert.That(table.Lookup("1.0.2.1").Asn).IsEqualTo(38803u);
    }

    [Test]
    public async Task Gzip_is_recognised_by_its_magic_bytes()
    {
        var plain = Encoding.UTF8.GetBytes("1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n");
        var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) zip.Write(plain);
        gz.Position = 0;
        var rows = new List<AsnRow>();
        var s = AsnFileParser.Parse(gz, "named-without-gz", rows, new OrganisationNames());
        await Assert.That(s.Format).IsEqualTo("csv.gz");
        await Assert.That(rows.Single().Organisation).IsEqualTo("Cloudflare, Inc.");
    }

    [Test]
    [Arguments("1.0.0.0,1.0.0.255,13335", "expected 4 comma-separated fields, found 3")]
    [Arguments("1.0.0.0,1.0.0.255,13335,Cloudflare, Inc.", "organisation has a comma but no quotes")]
    [Arguments("1.0.0.0,1.0.0.255,13335,\"Cloudflare", "unterminated quoted field")]
    [Arguments("1.0.0.0,1.0.0.255,13335,\"Cloudflare\" x", "text after a closing quote")]
    [Arguments("1.0.0,1.0.0.255,13335,X", "bad first address '1.0.0'")]
    [Arguments("1.0.0.0,1.0.0.255,AS-X,X", "bad AS number 'AS-X'")]
    [Arguments("1.0.0.9,1.0.0.1,13335,X", "is below the first")]
    [Arguments("1.0.0.0,2001::1,13335,X", "different families")]
    [Arguments("1.0.0.0\t1.0.0.255\t13335", "expected 5 tab-separated fields, found 3")]
    public async Task Malformed_rows_are_counted_with_reason(string bad, string reason)
    {
        var (s, rows) = Parse("1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd\n" + bad + "\n1.0.16.0,1.0.16.255,2519,ARTERIA\n");
        await Assert.That(s.Malformed).IsEqualTo(1);
        await Assert.That(rows.Count).IsEqualTo(2);
        await Assert.That(s.Samples[0]).StartsWith("t:2: ");
        await Assert.That(s.Samples[0]).Contains(reason);
    }

    [Test]
    public async Task Lookup_found_not_public_mapped_and_invalid()
    {
        var (_, rows) = Parse("1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n1.0.0.0,1.0.255.255,64500,Outer\n");
        var table = AsnTable.Build(rows);
        var r = table.Lookup("1.0.0.1");
        await Assert.That(r.Status).IsEqualTo(AsnStatus.Found);
        await Assert.That(r.Asn).IsEqualTo(13335u);
        await Assert.That(r.FormatRange()).IsEqualTo("1.0.0.0-1.0.0.255");
        await Assert.That(table.Lookup("1.0.1.1").Asn).IsEqualTo(64500u);
        await Assert.That(table.Lookup("::ffff:1.0.0.1")).IsEqualTo(r);
        await Assert.That(table.Lookup("10.0.0.1").Status).IsEqualTo(AsnStatus.NotPublic);
        await Assert.That(table.Lookup("x").Status).IsEqualTo(AsnStatus.Invalid);
    }

    [Test]
    public async Task Organisation_names_are_shared_strings()
    {
        var (_, rows) = Parse("1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n1.1.1.0,1.1.1.255,13335,\"Cloudflare, Inc.\"\n");
        await Assert.That(ReferenceEquals(rows[0].Organisation, rows[1].Organisation)).IsTrue();
        var table = AsnTable.Build(rows);
        await Assert.That(table.OrganisationCount).IsEqualTo(1);
    }

    [Test]
    public async Task Save_and_load_round_trip_and_reuse()
    {
        var dir = Path.Combine(Path.GetTempPath(), "decnet-asnidx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var src = Path.Combine(dir, "ip2asn.tsv");
            File.WriteAllText(src, "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n2001:200::\t2001:200:ffff:ffff:ffff:ffff:ffff:ffff\t2500\tJP\tWIDE – Ünïcode\nbad\tline\n");
            File.SetLastWriteTimeUtc(src, DateTime.UtcNow.AddMinutes(-5));
            var built = AsnIndexFile.LoadOrBuild(dir, out var rebuilt);
            var loaded = AsnIndexFile.LoadOrBuild(dir, out var rebuilt2);
            await Assert.That(rebuilt).IsTrue();
            await Assert.That(rebuilt2).IsFalse();
            await Assert.That(loaded.Lookup("2001:200::9")).IsEqualTo(built.Lookup("2001:200::9"));
            await Assert.That(loaded.Lookup("2001:200::9").Organisation).IsEqualTo("WIDE – Ünïcode");
            await Assert.That(loaded.Lookup("1.0.0.200")).IsEqualTo(built.Lookup("1.0.0.200"));
            await Assert.That(loaded.Sources[0]).IsEquivalentTo(built.Sources[0]);
            await Assert.That(loaded.Sources[0].Malformed).IsEqualTo(1);
            var rng = new Random(3);
            for (var i = 0; i < 10_000; i++)
            {
                var ip = (uint)rng.NextInt64(0, (long)uint.MaxValue + 1);
                if (loaded.Lookup(ip) != built.Lookup(ip)) throw new Exception($"{IpNumber.Format(ip)} differs");
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public async Task Real_table_1_0_0_1_is_Cloudflare()
    {
        var dir = SharedData.Find("asn");
        var file = dir is null ? null : Path.Combine(dir, "asn-ipv4.csv.gz");
        if (file is null || !File.Exists(file)) Skip.Test("../shared/data/asn/asn-ipv4.csv.gz is absent: real-data test skipped");
        var table = AsnTable.BuildFromFiles([file!]);
        var s = table.Sources[0];
        await Assert.That(s.Format).IsEqualTo("csv.gz");
        await Assert.That(s.Rows).IsEqualTo(411_961);
        await Assert.That(s.Malformed).IsEqualTo(0);
        await Assert.That(s.Kept + s.NotRouted).IsEqualTo(s.Rows);
        var r = table.Lookup("1.0.0.1");
        await Assert.That(r.Asn).IsEqualTo(13335u);
        await Assert.That(r.Organisation).IsEqualTo("Cloudflare, Inc.");
        await Assert.That(r.FormatRange()).IsEqualTo("1.0.0.0-1.0.0.255");
        await Assert.That(table.OrganisationCount).IsLessThan(s.Kept);
    }
}
