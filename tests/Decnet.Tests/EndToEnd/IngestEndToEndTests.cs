using System.Diagnostics;
using System.Text.Json;

namespace Decnet.Tests.EndToEnd;

/// <summary>`decnet ingest` and `decnet attackers` on the published binary, with the real Cowrie data.</summary>
public class IngestEndToEndTests
{
    private static string[] CowrieFiles()
    {
        var dir = SharedData.Find("cowrie");
        if (dir is null) Skip.Test("../shared/data/cowrie is absent: real-data test skipped");
        return Directory.GetFiles(dir!, "cowrie.json.2018-05-*.gz").OrderBy(f => f).ToArray();
    }

    [Test]
    public async Task RealCowrieFilesBecomeProfilesAndReingestAddsNothing()
    {
        var files = CowrieFiles();
        using var dir = new TempDir();
        var first = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", .. files], timeout: TimeSpan.FromMinutes(2));
        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(first.Stdout).Contains("ingested 34,774 new events");

        var list = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--json", "--limit", "0"]);
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        using var doc = JsonDocument.Parse(list.Stdout);
        var attackers = doc.RootElement.EnumerateArray().ToArray();
        await Assert.That(attackers.Length).IsEqualTo(562);
        await Assert.That(attackers.Sum(a => a.GetProperty("event_count").GetInt64())).IsEqualTo(34774);
        foreach (var field in new[] { "ip", "first_seen", "last_seen", "event_count", "session_count", "sensors", "services", "credentials", "commands", "ssh_versions", "hassh", "downloads" })
            await Assert.That(attackers[0].TryGetProperty(field, out _)).IsTrue().Because(field);
        // Sorted by last seen, newest first.
        var lastSeen = attackers.Select(a => a.GetProperty("last_seen").GetDateTimeOffset()).ToArray();
        await Assert.That(lastSeen.SequenceEqual(lastSeen.OrderByDescending(t => t))).IsTrue();
        await Assert.That(attackers.Any(a => a.GetProperty("hassh").GetArrayLength() > 0)).IsTrue();
        await Assert.That(attackers.Any(a => a.GetProperty("downloads").GetArrayLength() > 0)).IsTrue();

        var again = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", .. files], timeout: TimeSpan.FromMinutes(2));
        await Assert.That(again.ExitCode).IsEqualTo(0);
        await Assert.That(again.Stdout).Contains("ingested 0 new events");
        await Assert.That(again.Stdout).Contains("34,774 duplicates");

        var top = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--json", "--sort", "events", "--limit", "1"]);
        using var topDoc = JsonDocument.Parse(top.Stdout);
        var topIp = topDoc.RootElement[0].GetProperty("ip").GetString()!;
        var show = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "show", topIp, "--json"]);
        await Assert.That(show.ExitCode).IsEqualTo(0);
        using var showDoc = JsonDocument.Parse(show.Stdout);
        await Assert.That(showDoc.RootElement.GetProperty("event_count").GetInt64()).IsEqualTo(attackers.Max(a => a.GetProperty("event_count").GetInt64()));
        var human = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--limit", "5"]);
        await Assert.That(human.Stdout).StartsWith("IP");
    }

    [Test]
    public async Task JsonlFromStdinMalformedLinesAreSkipped()
    {
        using var dir = new TempDir();
        var input = string.Join('\n',
            """{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"198.51.100.7","decky":"web-01","service":"ssh","username":"root","password":"toor"}""",
            "this is not json",
            """{"ts":"2026-11-01T10:00:01Z","event":"command.input","src_ip":"198.51.100.7","decky":"web-01","service":"ssh","command":"uname -a"}""",
            """{"ts":"2026-11-01T10:00:02Z","event":"login.failed","decky":"web-01"}""") + "\n";
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", "--format", "jsonl", "-"], stdin: input);
        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.ToString());
        await Assert.That(r.Stdout).Contains("ingested 2 new events");
        await Assert.That(r.Stdout).Contains("2 malformed");
        await Assert.That(r.Stderr).Contains("stdin:2");
        var show = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "show", "198.51.100.7", "--json"]);
        using var doc = JsonDocument.Parse(show.Stdout);
        await Assert.That(doc.RootElement.GetProperty("credentials")[0].GetProperty("username").GetString()).IsEqualTo("root");
        await Assert.That(doc.RootElement.GetProperty("commands").GetArrayLength()).IsEqualTo(1);
    }

    [Test]
    public async Task MissingFileIsNamedAndOthersStillGoThrough()
    {
        using var dir = new TempDir();
        var good = Path.Combine(dir.Path, "good.jsonl");
        await File.WriteAllTextAsync(good, """{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"198.51.100.8","username":"a","password":"b"}""" + "\n");
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", Path.Combine(dir.Path, "missing.json"), good]);
        await Assert.That(r.ExitCode).IsEqualTo(1);
        await Assert.That(r.Stderr).Contains("missing.json");
        await Assert.That(r.Stdout).Contains("ingested 1 new events");
    }

    [Test]
    public async Task UnknownAttackerAndBadIp()
    {
        using var dir = new TempDir();
        var unknown = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "show", "192.0.2.1"]);
        await Assert.That(unknown.ExitCode).IsEqualTo(1);
        var bad = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "show", "not-an-ip"]);
        await Assert.That(bad.ExitCode).IsEqualTo(2);
    }

    [Test]
    public async Task LockHeldByAnotherProcessRefusesWithExit3()
    {
        using var dir = new TempDir();
        // An external owner: flock(1) holds the same lock file decnet uses.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-n", Path.Combine(dir.Path, "decnet.db.lock"), "sleep", "20"]))!;
        await Task.Delay(300);
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list"]);
        holder.Kill();
        await Assert.That(r.ExitCode).IsEqualTo(3);
        await Assert.That(r.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(r.Stderr).Contains("lock");
    }

    [Test]
    public async Task TwoWouldBeOwnersOneFailsFastNothingCorrupted()
    {
        using var dir = new TempDir();
        // Owner 1: a foreground listener (master mode) holds the store.
        await using (var listener = new RunningProcess(["--data-dir", dir.Path, "listener", "--udp", "127.0.0.1:0", "--tcp", "off", "--unix", "off"]))
        {
            await listener.WaitForOutputAsync("syslog on", TimeSpan.FromSeconds(10));
            var sw = Stopwatch.StartNew();
            var second = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", "--format", "jsonl", "-"],
                stdin: """{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"198.51.100.9"}""" + "\n");
            await Assert.That(second.ExitCode).IsEqualTo(3).Because(second.ToString());
            await Assert.That(sw.Elapsed).IsLessThan(TimeSpan.FromSeconds(5));
            var (code, _) = await listener.TerminateAsync(TimeSpan.FromSeconds(5));
            await Assert.That(code).IsEqualTo(0).Because(listener.Stderr);
        }
        // The file is intact and usable by the next owner.
        var after = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", "--format", "jsonl", "-"],
            stdin: """{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"198.51.100.9"}""" + "\n");
        await Assert.That(after.ExitCode).IsEqualTo(0).Because(after.ToString());
        var list = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--json"]);
        using var doc = JsonDocument.Parse(list.Stdout);
        await Assert.That(doc.RootElement.GetArrayLength()).IsEqualTo(1);
    }

    [Test]
    public async Task JsonLogFormatWritesOneJsonObjectPerLogLine()
    {
        using var dir = new TempDir();
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "--log-format", "json", "ingest", "--format", "jsonl", "-"], stdin: "garbage line\n");
        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.ToString());
        var logLine = r.Stderr.Split('\n').First(l => l.Contains("malformed"));
        using var doc = JsonDocument.Parse(logLine);
        await Assert.That(doc.RootElement.GetProperty("LogLevel").GetString()).IsEqualTo("Warning");
        await Assert.That(doc.RootElement.GetProperty("Message").GetString()).Contains("stdin:1");
    }

    [Test]
    public async Task CountryAndAsnFiltersAndStatsWorkInTheBinary()
    {
        using var dir = new TempDir();
        var ingest = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "ingest", "--format", "jsonl", "-"],
            stdin: """{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"198.51.100.30","username":"a","password":"b"}""" + "\n");
        await Assert.That(ingest.ExitCode).IsEqualTo(0).Because(ingest.ToString());
        var stats = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "stats", "--by", "country", "--json"]);
        await Assert.That(stats.ExitCode).IsEqualTo(0).Because(stats.ToString());
        using (var doc = JsonDocument.Parse(stats.Stdout))
        {
            await Assert.That(doc.RootElement[0].GetProperty("attackers").GetInt64()).IsEqualTo(1);
            await Assert.That(doc.RootElement[0].TryGetProperty("country_code", out _)).IsTrue();
        }
        var byAsn = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "stats", "--by", "asn"]);
        await Assert.That(byAsn.Stdout).StartsWith("ASN");
        var filtered = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--country", "CN", "--json"]);
        await Assert.That(filtered.ExitCode).IsEqualTo(0).Because(filtered.ToString());
        await Assert.That(filtered.Stdout.Trim()).IsEqualTo("[]");
        var byAsnFilter = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--asn", "4134", "--json"]);
        await Assert.That(byAsnFilter.Stdout.Trim()).IsEqualTo("[]");
        var badCountry = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "list", "--country", "China"]);
        await Assert.That(badCountry.ExitCode).IsEqualTo(2);
        var badBy = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "attackers", "stats", "--by", "planet"]);
        await Assert.That(badBy.ExitCode).IsEqualTo(2);
    }
}
