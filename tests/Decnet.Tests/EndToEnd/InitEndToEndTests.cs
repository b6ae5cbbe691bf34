using System.Diagnostics;
using System.Text.Json;
using Decnet.Engine.Installer;
using Decnet.Tests.Installer;

namespace Decnet.Tests.EndToEnd;

/// <summary>`decnet init` and `decnet status` through the published binary.</summary>
public class InitEndToEndTests
{
    private static readonly string[] Units = ["decnet.target", "decnet-master.service", "decnet-geoip-refresh.service", "decnet-geoip-refresh.timer"];

    [Test]
    public async Task RootTreeInstallIsIdempotentVerifiesAndDeinitsExactly()
    {
        var bin = Path.GetFullPath(DecnetBinary.Require());
        using var root = new TempDir();
        var first = await DecnetBinary.RunAsync(["init", "--root", root.Path]);
        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        var stepLines = first.Stdout.Split('\n').Where(l => l.StartsWith('[')).ToArray();
        await Assert.That(stepLines.Length).IsEqualTo(19);
        await Assert.That(stepLines.All(l => l.StartsWith("[ OK ]", StringComparison.Ordinal))).IsTrue().Because(first.Stdout);
        var log = await File.ReadAllLinesAsync(Path.Combine(root.Path, "decnet-init.commands"));
        await Assert.That(log[0]).IsEqualTo("groupadd --system decnet");
        await Assert.That(log[^1]).IsEqualTo("systemctl enable --now decnet.target");

        var unitDir = Path.Combine(root.Path, "etc", "systemd", "system");
        var master = await File.ReadAllTextAsync(Path.Combine(unitDir, "decnet-master.service"));
        await Assert.That(master).Contains($"ExecStart={bin} supervise\n");
        if (File.Exists(SystemdAnalyze.Tool))
        {
            foreach (var unit in Units)
            {
                var (code, stdout, stderr) = await SystemdAnalyze.RunAsync("verify", Path.Combine(unitDir, unit));
                await Assert.That(code).IsEqualTo(0).Because($"{unit}: {stdout}{stderr}");
                await Assert.That((stdout + stderr).Trim()).IsEqualTo("").Because(unit);
            }
            await Assert.That(await SystemdAnalyze.ExposureAsync(Path.Combine(unitDir, "decnet-master.service"))).IsLessThanOrEqualTo(2.0);
        }

        var second = await DecnetBinary.RunAsync(["init", "--root", root.Path]);
        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        var secondSteps = second.Stdout.Split('\n').Where(l => l.StartsWith('[')).ToArray();
        await Assert.That(secondSteps.Length).IsEqualTo(19);
        await Assert.That(secondSteps.All(l => l.StartsWith("[SKIP]", StringComparison.Ordinal))).IsTrue().Because(second.Stdout);
        await Assert.That((await File.ReadAllLinesAsync(Path.Combine(root.Path, "decnet-init.commands"))).Length).IsEqualTo(log.Length);

        var forced = await DecnetBinary.RunAsync(["init", "--root", root.Path, "--force", "--no-start"]);
        await Assert.That(forced.Stdout).Contains("[ OK ] unit decnet-master.service (--force)");
        await Assert.That(forced.Stdout).Contains("[SKIP] start decnet.target (--no-start)");

        var deinit = await DecnetBinary.RunAsync(["init", "--root", root.Path, "--deinit"]);
        await Assert.That(deinit.ExitCode).IsEqualTo(0).Because(deinit.ToString());
        foreach (var unit in Units) await Assert.That(File.Exists(Path.Combine(unitDir, unit))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(root.Path, "etc", "decnet", "decnet.ini"))).IsTrue();
        await Assert.That(File.Exists(Path.Combine(root.Path, "var", "lib", "decnet", "bus.key"))).IsTrue();

        var purge = await DecnetBinary.RunAsync(["init", "--root", root.Path, "--deinit", "--purge"]);
        await Assert.That(purge.ExitCode).IsEqualTo(0).Because(purge.ToString());
        var files = Directory.EnumerateFiles(root.Path, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root.Path, p)).ToArray();
        await Assert.That(files).IsEquivalentTo(new[] { "decnet-init.commands" });
        var tail = (await File.ReadAllLinesAsync(Path.Combine(root.Path, "decnet-init.commands")))[^2..];
        await Assert.That(tail).IsEquivalentTo(new[] { "userdel decnet", "groupdel decnet" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task DryRunPrintsThePlanWithContentsAndChangesNothing()
    {
        using var root = new TempDir();
        var r = await DecnetBinary.RunAsync(["init", "--root", root.Path, "--dry-run", "--verbose"]);
        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.ToString());
        await Assert.That(r.Stdout).Contains("dry run, nothing changed; 19 of 19 steps to do");
        await Assert.That(r.Stdout).Contains("         useradd --system --gid decnet --home-dir /var/lib/decnet");
        await Assert.That(r.Stdout).Contains("         | ProtectSystem=strict");
        await Assert.That(r.Stdout).Contains("         | # event_queue_capacity = 100000");
        await Assert.That(Directory.EnumerateFileSystemEntries(root.Path).Any()).IsFalse();
    }

    [Test]
    public async Task UnprivilegedUserIsRefusedWithExitThreeButMayDryRun()
    {
        if (!Engine.Config.PosixAccess.IsRoot || !File.Exists("/usr/bin/setpriv"))
            Skip.Test("needs root and setpriv to run the binary as nobody");
        var refused = await AsNobodyAsync("init");
        await Assert.That(refused.ExitCode).IsEqualTo(3).Because(refused.ToString());
        await Assert.That(refused.Stderr.TrimEnd('\n').Split('\n').Length).IsEqualTo(1);
        await Assert.That(refused.Stderr).Contains("must run as root");
        await Assert.That(refused.Stdout).IsEqualTo("");
        var deinit = await AsNobodyAsync("init", "--deinit");
        await Assert.That(deinit.ExitCode).IsEqualTo(3);

        var dry = await AsNobodyAsync("init", "--dry-run", "--verbose");
        await Assert.That(dry.ExitCode).IsEqualTo(0).Because(dry.ToString());
        await Assert.That(dry.Stdout).Contains("dry run, nothing changed");
        await Assert.That(dry.Stdout).Contains("| ExecStart=");
    }

    [Test]
    public async Task AgentModeDoesNotKnowInit()
    {
        var r = await DecnetBinary.RunAsync(["init", "--dry-run"], new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" });
        await Assert.That(r.ExitCode).IsEqualTo(2).Because(r.ToString());
        var help = await DecnetBinary.RunAsync(["--help"], new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" });
        await Assert.That(help.Stdout).DoesNotContain("  init");
        var masterHelp = await DecnetBinary.RunAsync(["--help"]);
        await Assert.That(masterHelp.Stdout).Contains("init");
    }

    [Test]
    public async Task StatusReportsSystemdDatabaseAndGeoipWithoutASupervisor()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "geoip"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "geoip", "delegated-apnic-extended-latest"), "x");
        var r = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "status", "--json"]);
        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var s = doc.RootElement;
        await Assert.That(s.GetProperty("systemd_available").GetBoolean()).IsEqualTo(SystemdUnits.SystemdRunning);
        if (!SystemdUnits.SystemdRunning) await Assert.That(s.GetProperty("units").ValueKind).IsEqualTo(JsonValueKind.Null);
        else await Assert.That(s.GetProperty("units").GetArrayLength()).IsEqualTo(4);
        await Assert.That(s.GetProperty("database_file").GetString()).IsEqualTo(Path.Combine(dir.Path, "decnet.db"));
        await Assert.That(s.GetProperty("geoip_data_age_seconds").GetDouble()).IsLessThan(600);
        var human = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "status"]);
        await Assert.That(human.Stdout).Contains(SystemdUnits.SystemdRunning ? "decnet-master.service" : "systemd     not available");
        await Assert.That(human.Stdout).Contains("geoip data  ");
    }

    private static async Task<RunResult> AsNobodyAsync(params string[] args)
    {
        var psi = DecnetBinary.StartInfo(args);
        var bin = psi.FileName;
        psi.FileName = "/usr/bin/setpriv";
        foreach (var (a, i) in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", bin }.Select((a, i) => (a, i)))
            psi.ArgumentList.Insert(i, a);
        psi.Environment["HOME"] = "/nonexistent";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return new RunResult(p.ExitCode, await stdout, await stderr);
    }
}
