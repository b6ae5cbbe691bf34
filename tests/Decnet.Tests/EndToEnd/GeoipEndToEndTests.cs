using System.Text.Json;

namespace Decnet.Tests.EndToEnd;

/// <summary>`decnet geoip` on the published binary with the real RIR files.</summary>
public class GeoipEndToEndTests
{
    private static string RirDir()
    {
        var dir = SharedData.Find("rir");
        if (dir is null) Skip.Test("../shared/data/rir is absent: real-data test skipped");
        return dir!;
    }

    [Test]
    public async Task ImportRealFilesThenLookUpOnePerRegistryPrivateAndMalformed()
    {
        var rir = RirDir();
        using var dir = new TempDir();
        var import = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "import", Path.Combine(rir, "2014"), Path.Combine(rir, "2026")]);
        await Assert.That(import.ExitCode).IsEqualTo(0).Because(import.ToString());
        await Assert.That(import.Stdout).Contains("imported delegated-ripencc-latest: ripencc 2014-06-30");
        // Importing again over read-only copies works (the data is replaced, not appended).
        var again = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "import", Path.Combine(rir, "2026")]);
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());

        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "lookup", "--json",
            "1.1.1.1", "41.0.0.1", "200.1.1.1", "85.1.1.1", "::ffff:85.1.1.1", "10.0.0.1", "2001:db8::1"]);
        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToArray();
        string Cc(int i) => rows[i].GetProperty("country_code").GetString() ?? "";
        string Reg(int i) => rows[i].GetProperty("registry").GetString() ?? "";
        await Assert.That((Cc(0), Reg(0))).IsEqualTo(("AU", "apnic"));
        await Assert.That((Cc(1), Reg(1))).IsEqualTo(("ZA", "afrinic"));
        await Assert.That((Cc(2), Reg(2))).IsEqualTo(("VE", "lacnic"));
        await Assert.That((Cc(3), Reg(3))).IsEqualTo(("CH", "ripencc"));
        await Assert.That(Cc(4)).IsEqualTo("CH"); // IPv4-mapped IPv6 resolves as IPv4
        await Assert.That(rows[5].GetProperty("status").GetString()).IsEqualTo("not_public");
        await Assert.That(rows[6].GetProperty("status").GetString()).IsEqualTo("not_public");

        var bad = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "lookup", "1.1.1.1", "999.1.1.1"]);
        await Assert.That(bad.ExitCode).IsEqualTo(2);
        await Assert.That(bad.Stderr).Contains("999.1.1.1");

        var status = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "status", "--json"]);
        using var s = JsonDocument.Parse(status.Stdout);
        await Assert.That(s.RootElement.GetProperty("enabled").GetBoolean()).IsTrue();
        await Assert.That(s.RootElement.GetProperty("sources").GetArrayLength()).IsEqualTo(5);
        var off = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "status", "--json"], new Dictionary<string, string?> { ["DECNET_GEOIP_ENABLED"] = "false" });
        using var o = JsonDocument.Parse(off.Stdout);
        await Assert.That(o.RootElement.GetProperty("enabled").GetBoolean()).IsFalse();
    }

    [Test]
    public async Task NoDataAndBadImportsAreClearErrors()
    {
        using var dir = new TempDir();
        var lookup = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "lookup", "1.1.1.1"]);
        await Assert.That(lookup.ExitCode).IsEqualTo(1);
        await Assert.That(lookup.Stderr).Contains("geoip import");
        var junk = Path.Combine(dir.Path, "delegated-junk-latest");
        await File.WriteAllTextAsync(junk, "this is not a delegated stats file\n");
        var import = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "import", junk]);
        await Assert.That(import.ExitCode).IsEqualTo(1);
        await Assert.That(import.Stderr).Contains("delegated-junk-latest");
        await Assert.That(import.Stderr).Contains("nothing changed");
        var missing = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "import", Path.Combine(dir.Path, "nope")]);
        await Assert.That(missing.ExitCode).IsEqualTo(1);
        var agent = await DecnetBinary.RunAsync(["geoip", "status"], new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" });
        await Assert.That(agent.ExitCode).IsEqualTo(2);
    }

    [Test]
    public async Task AsnTableAndEnrichmentOfIngestedAttackersAndKillSwitch()
    {
        var rir = RirDir();
        var asn = SharedData.Find("asn");
        var cowrie = SharedData.Find("cowrie");
        if (asn is null || cowrie is null) Skip.Test("../shared/data/asn or cowrie is absent: real-data test skipped");
        using var dir = new TempDir();
        var import = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "import", Path.Combine(rir, "2014"), Path.Combine(asn!, "asn-ipv4.csv.gz")], timeout: TimeSpan.FromMinutes(2));
        await Assert.That(import.ExitCode).IsEqualTo(0).Because(import.ToString());
        await Assert.That(import.Stdout).Contains("ASN table");

        var status = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "status", "--json"]);
        using (var st = JsonDocument.Parse(status.Stdout))
            await Assert.That(st.RootElement.GetProperty("asn_sources")[0].GetProperty("ranges").GetInt32()).IsGreaterThan(400_000);
        var lookup = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "lookup", "--json", "1.0.0.1"]);
        using (var doc = JsonDocument.Parse(lookup.Stdout))
        {
            await Assert.That(doc.RootElement[0].GetProperty("asn").GetInt64()).IsEqualTo(13335);
            await Assert.That(doc.RootElement[0].GetProperty("as_name").GetString()).Contains("Cloudflare");
        }

        var files = Directory.GetFiles(cowrie!, "cowrie.json.2018-05-0*.gz");
        var ingest = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", .. files], timeout: TimeSpan.FromMinutes(2));
        await Assert.That(ingest.ExitCode).IsEqualTo(0).Because(ingest.ToString());
        var list = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--json", "--limit", "0"]);
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            var attackers = doc.RootElement.EnumerateArray().ToArray();
            var withCountry = attackers.Count(a => a.GetProperty("country_code").ValueKind == JsonValueKind.String);
            await Assert.That(withCountry).IsGreaterThan(attackers.Length / 2);
            await Assert.That(attackers.Count(a => a.GetProperty("asn").ValueKind == JsonValueKind.Number)).IsGreaterThan(attackers.Length / 2);
            var cc = attackers.First(a => a.GetProperty("country_code").ValueKind == JsonValueKind.String).GetProperty("country_code").GetString()!;
            var filtered = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--json", "--limit", "0", "--country", cc]);
            using var f = JsonDocument.Parse(filtered.Stdout);
            await Assert.That(f.RootElement.GetArrayLength()).IsEqualTo(attackers.Count(a => a.GetProperty("country_code").GetString() == cc));
        }
        var stats = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "stats", "--by", "country"]);
        await Assert.That(stats.Stdout).StartsWith("COUNTRY");

        // Kill switch: a fresh store with the same geo data but enrichment off stamps nothing.
        using var off = new TempDir();
        Directory.CreateDirectory(Path.Combine(off.Path, "geoip"));
        foreach (var f in Directory.GetFiles(Path.Combine(dir.Path, "geoip"))) File.Copy(f, Path.Combine(off.Path, "geoip", Path.GetFileName(f)));
        var env = new Dictionary<string, string?> { ["DECNET_GEOIP_ENABLED"] = "false" };
        await DecnetBinary.RunAsync(["--data-dir", off.Path, "ingest", files[0]], env);
        var offList = await DecnetBinary.RunAsync(["--data-dir", off.Path, "attackers", "list", "--json", "--limit", "0"], env);
        using var o = JsonDocument.Parse(offList.Stdout);
        await Assert.That(o.RootElement.EnumerateArray().All(a => a.GetProperty("country_code").ValueKind == JsonValueKind.Null)).IsTrue();
    }

    [Test]
    public async Task RunningSupervisorReloadsAfterImport()
    {
        var rir = RirDir();
        using var dir = new TempDir();
        await using var supervisor = new RunningProcess(["--data-dir", dir.Path, "supervise", "--udp", "127.0.0.1:0", "--tcp", "off", "--unix", "off"]);
        await supervisor.WaitForOutputAsync("syslog on", TimeSpan.FromSeconds(15));
        static string Line(string ip) => $$"""{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"{{ip}}","username":"a","password":"b"}""" + "\n";
        var before = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", "--format", "jsonl", "-"], stdin: Line("1.1.1.1"));
        await Assert.That(before.ExitCode).IsEqualTo(0).Because(before.ToString());
        var import = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "import", Path.Combine(rir, "2014")]);
        await Assert.That(import.ExitCode).IsEqualTo(0).Because(import.ToString());
        await Assert.That(import.Stdout).Contains("system.geoip.updated");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var n = 0;
        string? cc = null;
        while (DateTime.UtcNow < deadline && cc is null)
        {
            var ip = $"1.1.1.{10 + n++}";
            await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", "--format", "jsonl", "-"], stdin: Line(ip));
            var show = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "show", ip, "--json"]);
            using var doc = JsonDocument.Parse(show.Stdout);
            cc = doc.RootElement.GetProperty("country_code").GetString();
            if (cc is null) await Task.Delay(300);
        }
        await Assert.That(cc).IsEqualTo("AU");
    }
}
