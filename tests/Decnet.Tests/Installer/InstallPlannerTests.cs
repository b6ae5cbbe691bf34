using Decnet.Bus;
using Decnet.Engine.Config;
using Decnet.Engine.Installer;

namespace Decnet.Tests.Installer;

/// <summary>`decnet init` under --root with a recording command runner: steps, argv, modes, idempotency.</summary>
public class InstallPlannerTests
{
    private static readonly string[] FirstRunCommands =
    [
        "groupadd --system decnet",
        "useradd --system --gid decnet --home-dir /var/lib/decnet --no-create-home --shell /usr/sbin/nologin --comment 'decnet honeypot master' decnet",
        "chown decnet:decnet /var/lib/decnet",
        "chown decnet:decnet /var/lib/decnet/geoip",
        "chown decnet:decnet /var/lib/decnet/mail",
        "chown decnet:decnet /var/log/decnet",
        "chown root:decnet /etc/decnet",
        "chown root:decnet /etc/decnet/decnet.ini",
        "chown root:decnet /var/lib/decnet/bus.key",
        "systemd-tmpfiles --create /etc/tmpfiles.d/decnet.conf",
        "systemctl daemon-reload",
        "systemctl enable --now decnet.target",
    ];

    [Test]
    public async Task FirstRunCreatesEverythingWithExactModesAndCommands()
    {
        using var f = new InstallFixture();
        var (results, commands) = await f.RunAsync(f.Options());
        await Assert.That(results.All(r => r.Status == StepStatus.Ok)).IsTrue().Because(string.Join("\n", results.Select(r => r.Line)));
        await Assert.That(commands).IsEquivalentTo(FirstRunCommands, TUnit.Assertions.Enums.CollectionOrdering.Matching);

        foreach (var dir in new[] { "/var/lib/decnet", "/var/lib/decnet/geoip", "/var/lib/decnet/mail", "/var/log/decnet", "/etc/decnet" })
            await Assert.That(f.ModeOf(dir)).IsEqualTo("0750").Because(dir);
        await Assert.That(f.ModeOf("/etc/decnet/decnet.ini")).IsEqualTo("0640");
        await Assert.That(f.ModeOf("/var/lib/decnet/bus.key")).IsEqualTo("0640");
        foreach (var file in new[] { "/etc/systemd/system/decnet.target", "/etc/systemd/system/decnet-master.service",
                     "/etc/systemd/system/decnet-geoip-refresh.service", "/etc/systemd/system/decnet-geoip-refresh.timer",
                     "/etc/polkit-1/rules.d/50-decnet.rules", "/etc/tmpfiles.d/decnet.conf", "/etc/logrotate.d/decnet" })
            await Assert.That(f.ModeOf(file)).IsEqualTo("0644").Because(file);

        await Assert.That(await File.ReadAllTextAsync(f.Under("/etc/decnet/decnet.ini"))).IsEqualTo(IniFile.Template());
        var master = await File.ReadAllTextAsync(f.Under("/etc/systemd/system/decnet-master.service"));
        await Assert.That(master).Contains($"ExecStart={f.RunningBinary} supervise\n");
        await Assert.That(master).Contains("User=decnet\n");
        await Assert.That(master).DoesNotContain("{{");
        var refresh = await File.ReadAllTextAsync(f.Under("/etc/systemd/system/decnet-geoip-refresh.service"));
        await Assert.That(refresh).Contains($"ExecStart={f.RunningBinary} geoip refresh\n");
        await Assert.That(await File.ReadAllTextAsync(f.Under("/etc/systemd/system/decnet-geoip-refresh.timer"))).Contains("OnCalendar=daily");
        await Assert.That(await File.ReadAllTextAsync(f.Under("/etc/tmpfiles.d/decnet.conf"))).Contains("d /run/decnet 0750 decnet decnet -");
        // The key file is a loadable CURVE key pair.
        await Assert.That(BusCredentials.Load(f.Under("/var/lib/decnet/bus.key")).ServerPublicKey.Length).IsEqualTo(32);
    }

    [Test]
    public async Task SecondRunIsAllSkipAndRunsNoCommand()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options());
        var key = await File.ReadAllTextAsync(f.Under("/var/lib/decnet/bus.key"));
        var (results, commands) = await f.RunAsync(f.Options());
        await Assert.That(results.All(r => r.Status == StepStatus.Skip)).IsTrue().Because(string.Join("\n", results.Select(r => r.Line)));
        await Assert.That(commands).IsEmpty();
        await Assert.That(await File.ReadAllTextAsync(f.Under("/var/lib/decnet/bus.key"))).IsEqualTo(key);
    }

    [Test]
    public async Task ForceRewritesUnitsAndRestartsTheRunningTarget()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options());
        var (results, commands) = await f.RunAsync(f.Options(force: true));
        var ok = results.Where(r => r.Status == StepStatus.Ok).Select(r => r.Name).ToArray();
        foreach (var unit in InstallLayout.Units) await Assert.That(ok).Contains("unit " + unit);
        await Assert.That(ok).Contains("systemctl daemon-reload");
        await Assert.That(commands).IsEquivalentTo(new[] { "systemd-tmpfiles --create /etc/tmpfiles.d/decnet.conf", "systemctl daemon-reload", "systemctl restart decnet.target" },
            TUnit.Assertions.Enums.CollectionOrdering.Matching);
        // The config and the credentials are never rewritten, not even by --force.
        await Assert.That(results.First(r => r.Name.StartsWith("config ", StringComparison.Ordinal)).Status).IsEqualTo(StepStatus.Skip);
        await Assert.That(results.First(r => r.Name.StartsWith("bus credentials ", StringComparison.Ordinal)).Status).IsEqualTo(StepStatus.Skip);
    }

    [Test]
    public async Task ChangedUnitIsRewrittenWithoutForceAndHandEditedConfigIsKept()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options());
        var unit = f.Under("/etc/systemd/system/decnet-master.service");
        await File.WriteAllTextAsync(unit, "[Service]\nExecStart=/bin/false\n");
        await File.WriteAllTextAsync(f.Under("/etc/decnet/decnet.ini"), "[core]\nlog_level = debug\n");
        var (results, _) = await f.RunAsync(f.Options());
        var step = results.First(r => r.Name == "unit decnet-master.service");
        await Assert.That(step.Status).IsEqualTo(StepStatus.Ok);
        await Assert.That(step.Reason).IsEqualTo("content differs");
        await Assert.That(await File.ReadAllTextAsync(unit)).Contains("supervise");
        await Assert.That(await File.ReadAllTextAsync(f.Under("/etc/decnet/decnet.ini"))).IsEqualTo("[core]\nlog_level = debug\n");
    }

    [Test]
    public async Task ModesAreReappliedOnEveryRun()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options());
        File.SetUnixFileMode(f.Under("/var/lib/decnet"), ModeText.File0755);
        File.SetUnixFileMode(f.Under("/etc/decnet/decnet.ini"), ModeText.File0644);
        var (results, commands) = await f.RunAsync(f.Options());
        await Assert.That(results.First(r => r.Name.StartsWith("directory /var/lib/decnet ", StringComparison.Ordinal)).Reason).IsEqualTo("mode 0755 -> 0750");
        await Assert.That(f.ModeOf("/var/lib/decnet")).IsEqualTo("0750");
        await Assert.That(f.ModeOf("/etc/decnet/decnet.ini")).IsEqualTo("0640");
        await Assert.That(commands).IsEmpty(); // the owners were right already
    }

    [Test]
    public async Task NoStartNeverEnablesOrStarts()
    {
        using var f = new InstallFixture();
        var (results, commands) = await f.RunAsync(f.Options(noStart: true));
        await Assert.That(commands.Any(c => c.Contains("enable") || c.Contains("--now") || c.Contains(" start") || c.Contains("restart"))).IsFalse();
        await Assert.That(commands).Contains("systemctl daemon-reload");
        await Assert.That(results[^1].Line).IsEqualTo("[SKIP] start decnet.target (--no-start)");
        var (_, again) = await f.RunAsync(f.Options(noStart: true, force: true));
        await Assert.That(again.Any(c => c.Contains("enable") || c.Contains("start"))).IsFalse();
    }

    [Test]
    public async Task ExistingUserAndGroupAreReused()
    {
        using var f = new InstallFixture();
        Directory.CreateDirectory(f.Under("/etc"));
        await File.WriteAllTextAsync(f.Under("/etc/passwd"), "root:x:0:0:root:/root:/bin/bash\ndecnet:x:991:990::/srv/decnet:/usr/sbin/nologin\n");
        await File.WriteAllTextAsync(f.Under("/etc/group"), "root:x:0:\ndecnet:x:990:\n");
        var (results, commands) = await f.RunAsync(f.Options());
        await Assert.That(results[0].Line).IsEqualTo("[SKIP] group decnet (exists, gid 990)");
        await Assert.That(results[1].Line).IsEqualTo("[SKIP] user decnet (exists, uid 991)");
        await Assert.That(commands.Any(c => c.StartsWith("useradd", StringComparison.Ordinal) || c.StartsWith("groupadd", StringComparison.Ordinal))).IsFalse();
        await Assert.That(commands).Contains("chown decnet:decnet /var/lib/decnet");
    }

    [Test]
    public async Task CustomUserAndGroupReachUnitsPolkitAndOwners()
    {
        using var f = new InstallFixture();
        var (_, commands) = await f.RunAsync(f.Options() with { User = "honey", Group = "ops" });
        await Assert.That(commands).Contains("groupadd --system ops");
        await Assert.That(commands).Contains("chown honey:ops /var/lib/decnet");
        await Assert.That(commands).Contains("chown root:ops /etc/decnet");
        var master = await File.ReadAllTextAsync(f.Under("/etc/systemd/system/decnet-master.service"));
        await Assert.That(master).Contains("User=honey\nGroup=ops\n");
        await Assert.That(await File.ReadAllTextAsync(f.Under("/etc/polkit-1/rules.d/50-decnet.rules"))).Contains("subject.isInGroup(\"ops\")");
    }

    [Test]
    public async Task FailingSystemctlIsAFailNamingTheStepAndStopsThere()
    {
        using var f = new InstallFixture();
        f.Recorder.Respond = argv => argv is ["systemctl", "daemon-reload"]
            ? new CommandResult(1, "", "Failed to connect to bus: No such file or directory\n") : null;
        var (results, commands) = await f.RunAsync(f.Options());
        await Assert.That(results[^1].Status).IsEqualTo(StepStatus.Fail);
        await Assert.That(results[^1].Line).IsEqualTo("[FAIL] systemctl daemon-reload (systemctl daemon-reload: exit 1: Failed to connect to bus: No such file or directory)");
        await Assert.That(commands.Any(c => c.Contains("enable"))).IsFalse();
    }

    [Test]
    public async Task InstallBinaryCopiesAtomicallyAndUnitsPointAtIt()
    {
        using var f = new InstallFixture();
        var (results, _) = await f.RunAsync(f.Options(installBinary: "/usr/local/bin/decnet"));
        await Assert.That(results.First(r => r.Name == "binary /usr/local/bin/decnet").Status).IsEqualTo(StepStatus.Ok);
        await Assert.That(await File.ReadAllTextAsync(f.Under("/usr/local/bin/decnet"))).IsEqualTo(await File.ReadAllTextAsync(f.RunningBinary));
        await Assert.That(f.ModeOf("/usr/local/bin/decnet")).IsEqualTo("0755");
        await Assert.That(await File.ReadAllTextAsync(f.Under("/etc/systemd/system/decnet-master.service"))).Contains("ExecStart=/usr/local/bin/decnet supervise\n");
        var (again, _) = await f.RunAsync(f.Options(installBinary: "/usr/local/bin/decnet"));
        await Assert.That(again.First(r => r.Name == "binary /usr/local/bin/decnet").Line).IsEqualTo("[SKIP] binary /usr/local/bin/decnet (up to date)");
        // A new build replaces it.
        await File.AppendAllTextAsync(f.RunningBinary, "# v2\n");
        var (third, _) = await f.RunAsync(f.Options(installBinary: "/usr/local/bin/decnet"));
        await Assert.That(third.First(r => r.Name == "binary /usr/local/bin/decnet").Reason).IsEqualTo("replace");
        await Assert.That(await File.ReadAllTextAsync(f.Under("/usr/local/bin/decnet"))).EndsWith("# v2\n");
    }

    [Test]
    [Arguments("/tmp/decnet", true)]
    [Arguments("/home/alice/decnet", true)]
    [Arguments("/root/decnet", true)]
    [Arguments("/usr/local/bin/decnet", false)]
    public async Task WarnsWhenTheUnitsWouldRunATemporaryOrHomeBinary(string exec, bool warns)
    {
        var warnings = InstallPlanner.Warnings(new InstallOptions(exec));
        await Assert.That(warnings.Count > 0).IsEqualTo(warns);
        if (warns) await Assert.That(warnings[0]).Contains("--install-binary");
    }

    [Test]
    public async Task DeinitRemovesUnitsButKeepsDataConfigAndUser()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options());
        var (results, commands) = await f.RunAsync(f.Options(deinit: true));
        await Assert.That(results.All(r => r.Status != StepStatus.Fail)).IsTrue();
        await Assert.That(commands).IsEquivalentTo(new[]
        {
            "systemctl disable --now decnet.target decnet-master.service decnet-geoip-refresh.service decnet-geoip-refresh.timer",
            "systemctl daemon-reload",
        }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        foreach (var gone in new[] { "/etc/systemd/system/decnet.target", "/etc/systemd/system/decnet-master.service", "/etc/systemd/system/decnet-geoip-refresh.service",
                     "/etc/systemd/system/decnet-geoip-refresh.timer", "/etc/polkit-1/rules.d/50-decnet.rules", "/etc/tmpfiles.d/decnet.conf", "/etc/logrotate.d/decnet" })
            await Assert.That(File.Exists(f.Under(gone))).IsFalse().Because(gone);
        foreach (var kept in new[] { "/etc/decnet/decnet.ini", "/var/lib/decnet/bus.key" })
            await Assert.That(File.Exists(f.Under(kept))).IsTrue().Because(kept);
        foreach (var kept in new[] { "/var/lib/decnet/geoip", "/var/lib/decnet/mail", "/var/log/decnet" })
            await Assert.That(Directory.Exists(f.Under(kept))).IsTrue().Because(kept);
        await Assert.That(await f.Host.State.FindUserAsync("decnet", CancellationToken.None)).IsNotNull();

        var (again, againCommands) = await f.RunAsync(f.Options(deinit: true));
        await Assert.That(again.All(r => r.Status == StepStatus.Skip)).IsTrue();
        await Assert.That(againCommands).IsEmpty();
        // And init brings it all back.
        var (reinit, _) = await f.RunAsync(f.Options());
        await Assert.That(reinit.First(r => r.Name == "unit decnet-master.service").Status).IsEqualTo(StepStatus.Ok);
        await Assert.That(reinit[^1].Line).IsEqualTo("[ OK ] start decnet.target (enable and start)");
    }

    [Test]
    public async Task DeinitPurgeLeavesNothingBehind()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options(installBinary: "/usr/local/bin/decnet"));
        var (results, commands) = await f.RunAsync(f.Options(deinit: true, purge: true, installBinary: "/usr/local/bin/decnet"));
        await Assert.That(results.All(r => r.Status != StepStatus.Fail)).IsTrue();
        await Assert.That(commands).Contains("userdel decnet");
        await Assert.That(commands).Contains("groupdel decnet");
        var left = Directory.EnumerateFileSystemEntries(f.Root, "*", SearchOption.AllDirectories).Where(File.Exists).ToArray();
        await Assert.That(left).IsEmpty();
        await Assert.That(await f.Host.State.FindUserAsync("decnet", CancellationToken.None)).IsNull();
        await Assert.That(await f.Host.State.FindGroupAsync("decnet", CancellationToken.None)).IsNull();
        var (again, againCommands) = await f.RunAsync(f.Options(deinit: true, purge: true));
        await Assert.That(again.All(r => r.Status == StepStatus.Skip)).IsTrue();
        await Assert.That(againCommands).IsEmpty();
    }

    [Test]
    public async Task GroupdelOfAGroupUserdelAlreadyRemovedCountsAsDone()
    {
        using var f = new InstallFixture();
        await f.RunAsync(f.Options());
        f.Recorder.Respond = argv => argv[0] == "groupdel" ? new CommandResult(DeinitPlanner.GroupdelNoSuchGroup, "", "groupdel: group 'decnet' does not exist\n") : null;
        var (results, _) = await f.RunAsync(f.Options(deinit: true, purge: true));
        await Assert.That(results[^1].Line).IsEqualTo("[ OK ] group decnet (--purge)");
    }

    [Test]
    public async Task DryRunPlanShowsCommandsAndContentsAndChangesNothing()
    {
        using var f = new InstallFixture();
        var run = await InstallRun.PlanAsync(f.Layout, f.Host, f.Options(), CancellationToken.None);
        var plan = InstallPlanner.Describe(run.Steps, verbose: true);
        await Assert.That(plan).Contains("[PLAN] group decnet (create system group)");
        await Assert.That(plan).Contains("         systemctl enable --now decnet.target");
        await Assert.That(plan).Contains("         | ExecStart=" + f.RunningBinary + " supervise");
        await Assert.That(plan).Contains("         | # mode = master");
        await Assert.That(InstallPlanner.Describe(run.Steps, verbose: false)).DoesNotContain("| ExecStart");
        await Assert.That(Directory.EnumerateFileSystemEntries(f.Root).Any()).IsFalse();
        await Assert.That(f.Recorder.Commands).IsEmpty();
    }

    [Test]
    public async Task RootModeLogReplaysAcrossProcessesAndQuotesArguments()
    {
        using var f = new InstallFixture();
        var host = InstallHost.UnderRoot(f.Root, out var recorder);
        var options = f.Options();
        var first = await InstallRun.PlanAsync(f.Layout, host, options, CancellationToken.None);
        await first.ExecuteAsync(_ => { }, CancellationToken.None);
        var log = await File.ReadAllLinesAsync(recorder.LogPath!);
        await Assert.That(log[1]).Contains("--comment 'decnet honeypot master' decnet");
        await Assert.That(ShellQuote.Split(log[1])).Contains("decnet honeypot master");
        // A new "process": fresh host objects over the same root see what the log says was done.
        var again = await InstallRun.PlanAsync(f.Layout, InstallHost.UnderRoot(f.Root, out _), options, CancellationToken.None);
        await Assert.That(again.Steps.All(s => !s.Needed)).IsTrue().Because(InstallPlanner.Describe(again.Steps, false));
    }
}
