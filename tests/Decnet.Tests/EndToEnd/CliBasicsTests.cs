namespace Decnet.Tests.EndToEnd;

/// <summary>The binary's command tree, gating and exit codes (DESIGN.md §4, §8).</summary>
public class CliBasicsTests
{
    private static readonly Dictionary<string, string?> Agent = new() { ["DECNET_MODE"] = "agent" };

    [Test]
    public async Task VersionPrintsVersionAndCommit()
    {
        var r = await DecnetBinary.RunAsync(["--version"]);
        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Matches(@"^decnet \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}|unknown\)");
    }

    [Test]
    public async Task MasterHelpListsMasterCommands()
    {
        var r = await DecnetBinary.RunAsync(["--help"]);
        await Assert.That(r.ExitCode).IsEqualTo(0);
        foreach (var name in new[] { "supervise", "ingest", "attackers", "workers", "status", "bus", "listener" })
            await Assert.That(r.Stdout).Contains(name);
    }

    [Test]
    public async Task AgentHelpHidesMasterOnlyCommands()
    {
        var r = await DecnetBinary.RunAsync(["--help"], Agent);
        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Contains("status");
        await Assert.That(r.Stdout).Contains("listener");
        foreach (var name in new[] { "supervise", "ingest", "attackers", "workers" })
            await Assert.That(r.Stdout).DoesNotContain(name);
    }

    [Test]
    [Arguments("ingest", "x.json")]
    [Arguments("attackers", "list")]
    [Arguments("supervise")]
    [Arguments("workers")]
    public async Task AgentRejectsMasterOnlyCommandAsUnknown(string command, string? arg = null)
    {
        var args = arg is null ? new[] { command } : new[] { command, arg };
        var r = await DecnetBinary.RunAsync(args, Agent);
        await Assert.That(r.ExitCode).IsEqualTo(2);
        await Assert.That(r.Stderr).Contains(command);
    }

    [Test]
    public async Task BadFlagIsUsageError()
    {
        var r = await DecnetBinary.RunAsync(["attackers", "list", "--sort", "sideways"]);
        await Assert.That(r.ExitCode).IsEqualTo(2);
        await Assert.That(r.Stderr).Contains("sideways");
    }

    [Test]
    public async Task MalformedConfigNamesTheLine()
    {
        using var dir = new TempDir();
        var ini = Path.Combine(dir.Path, "decnet.ini");
        await File.WriteAllTextAsync(ini, "[core]\nmode = master\nthis line is wrong\n");
        var r = await DecnetBinary.RunAsync(["status"], new Dictionary<string, string?> { ["DECNET_CONFIG"] = ini });
        await Assert.That(r.ExitCode).IsEqualTo(2);
        await Assert.That(r.Stderr).Contains($"{ini}:3");
    }

    [Test]
    public async Task ConfigFileModeAppliesAndEnvironmentWins()
    {
        using var dir = new TempDir();
        var ini = Path.Combine(dir.Path, "decnet.ini");
        await File.WriteAllTextAsync(ini, "[core]\nmode = agent\n");
        var fromIni = await DecnetBinary.RunAsync(["--config", ini, "--data-dir", dir.Path, "status", "--json"]);
        await Assert.That(fromIni.ExitCode).IsEqualTo(0);
        await Assert.That(fromIni.Stdout).Contains("\"mode\": \"agent\"");
        var envWins = await DecnetBinary.RunAsync(["--config", ini, "--data-dir", dir.Path, "status", "--json"],
            new Dictionary<string, string?> { ["DECNET_MODE"] = "master" });
        await Assert.That(envWins.Stdout).Contains("\"mode\": \"master\"");
    }

    [Test]
    public async Task StatusWithoutSupervisorSaysSo()
    {
        using var dir = new TempDir();
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "status"]);
        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Contains("not running");
    }

    [Test]
    public async Task WorkersWithoutSupervisorFails()
    {
        using var dir = new TempDir();
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "workers"]);
        await Assert.That(r.ExitCode).IsEqualTo(1);
        await Assert.That(r.Stderr).Contains("no supervisor");
    }

    [Test]
    public async Task BusWithoutSupervisorFails()
    {
        using var dir = new TempDir();
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "bus", "publish", "system.test.ping", "{}"]);
        await Assert.That(r.ExitCode).IsEqualTo(1);
        var bad = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "bus", "tail", "a.>.b"]);
        await Assert.That(bad.ExitCode).IsEqualTo(2);
        var badTopic = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "bus", "publish", "a..b"]);
        await Assert.That(badTopic.ExitCode).IsEqualTo(2);
        var badJson = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "bus", "publish", "system.test.ping", "{not json"]);
        await Assert.That(badJson.ExitCode).IsEqualTo(2);
        await Assert.That(badJson.Stderr).Contains("not JSON");
    }

    [Test]
    public async Task SupervisorOnlyRejectsUnknownWorker()
    {
        using var dir = new TempDir();
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "supervise", "--only", "listener,nope"]);
        await Assert.That(r.ExitCode).IsEqualTo(2);
        await Assert.That(r.Stderr).Contains("nope");
    }

    [Test]
    [Arguments("listener", "--udp", "nonsense")]
    [Arguments("supervise", "--tcp", "127.0.0.1:notaport")]
    [Arguments("ingest", "--format", "xml", "x.json")]
    public async Task BadEndpointsAndFormatsAreUsageErrors(string command, string flag, string value, string? extra = null)
    {
        using var dir = new TempDir();
        string[] args = extra is null ? ["--data-dir", dir.Path, command, flag, value] : ["--data-dir", dir.Path, command, flag, value, extra];
        var r = await DecnetBinary.RunAsync(args);
        await Assert.That(r.ExitCode).IsEqualTo(2).Because(r.ToString());
        await Assert.That(r.Stderr).Contains(value);
    }
}
