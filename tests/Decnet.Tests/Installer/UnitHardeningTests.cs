using System.Text.RegularExpressions;
using Decnet.Engine.Config;
using Decnet.Engine.Installer;

namespace Decnet.Tests.Installer;

/// <summary>The rendered units are valid for systemd, and the master unit is hardened (exposure ≤ 2.0).</summary>
public class UnitHardeningTests
{
    /// <summary>Only the replaced system's hardening block (it too ran as a service user): ~5.4 MEDIUM.</summary>
    public const string ComparisonUnit = """
        [Unit]
        Description=the replaced system's hardening block
        [Service]
        ExecStart=/usr/bin/true
        User=decnet
        Group=decnet
        NoNewPrivileges=yes
        ProtectSystem=full
        ProtectHome=read-only
        PrivateTmp=yes
        ProtectKernelTunables=yes
        ProtectKernelModules=yes
        ProtectControlGroups=yes
        RestrictSUIDSGID=yes
        LockPersonality=yes
        CapabilityBoundingSet=
        AmbientCapabilities=
        """;

    private static async Task<string> RenderUnitsAsync(InstallFixture f)
    {
        var options = f.Options(noStart: true) with { RunningBinary = "/usr/bin/true" };
        var run = await InstallRun.PlanAsync(f.Layout, f.Host, options, CancellationToken.None);
        await run.ExecuteAsync(_ => { }, CancellationToken.None);
        return f.Under(f.Layout.UnitDir);
    }

    [Test]
    public async Task EveryRenderedUnitPassesSystemdAnalyzeVerify()
    {
        SystemdAnalyze.RequireOrSkip();
        using var f = new InstallFixture();
        var dir = await RenderUnitsAsync(f);
        foreach (var unit in InstallLayout.Units)
        {
            var (code, stdout, stderr) = await SystemdAnalyze.RunAsync("verify", Path.Combine(dir, unit));
            await Assert.That(code).IsEqualTo(0).Because($"{unit}: {stdout}{stderr}");
            // systemd only warns about unknown or malformed settings: any output is a defect.
            await Assert.That((stdout + stderr).Trim()).IsEqualTo("").Because(unit);
        }
    }

    [Test]
    public async Task VerifyCatchesAMissingBinarySoTheCheckAboveMeansSomething()
    {
        SystemdAnalyze.RequireOrSkip();
        using var f = new InstallFixture();
        var options = f.Options(noStart: true) with { RunningBinary = "/nonexistent/decnet" };
        var run = await InstallRun.PlanAsync(f.Layout, f.Host, options, CancellationToken.None);
        await run.ExecuteAsync(_ => { }, CancellationToken.None);
        var (code, _, stderr) = await SystemdAnalyze.RunAsync("verify", f.Under(f.Layout.UnitPath(InstallLayout.MasterService)));
        await Assert.That(code).IsNotEqualTo(0);
        await Assert.That(stderr).Contains("/nonexistent/decnet");
    }

    [Test]
    public async Task MasterUnitExposureIsAtMostTwoAndBeatsTheReplacedSystem()
    {
        SystemdAnalyze.RequireOrSkip();
        using var f = new InstallFixture();
        var dir = await RenderUnitsAsync(f);
        var master = await SystemdAnalyze.ExposureAsync(Path.Combine(dir, InstallLayout.MasterService));
        var refresh = await SystemdAnalyze.ExposureAsync(Path.Combine(dir, InstallLayout.GeoipRefreshService));
        var comparisonFile = Path.Combine(f.Root, "replaced-system.service");
        await File.WriteAllTextAsync(comparisonFile, ComparisonUnit + "\n");
        var comparison = await SystemdAnalyze.ExposureAsync(comparisonFile);
        Console.WriteLine($"exposure: decnet-master.service {master:0.0}, decnet-geoip-refresh.service {refresh:0.0}, replaced system's block {comparison:0.0}");
        await Assert.That(master).IsLessThanOrEqualTo(2.0);
        await Assert.That(refresh).IsLessThanOrEqualTo(2.0);
        await Assert.That(comparison).IsGreaterThan(5.0);
        await Assert.That(master).IsLessThan(comparison);
    }

    [Test]
    public async Task MasterUnitKeepsOnlyTheBindCapabilityAndTheRequiredProtections()
    {
        using var f = new InstallFixture();
        var text = await File.ReadAllTextAsync(Path.Combine(await RenderUnitsAsync(f), InstallLayout.MasterService));
        foreach (var line in new[]
                 {
                     "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "AmbientCapabilities=CAP_NET_BIND_SERVICE", "NoNewPrivileges=yes",
                     "ProtectSystem=strict", "ReadWritePaths=/var/lib/decnet /var/log/decnet /run/decnet", "ProtectHome=yes",
                     "PrivateTmp=yes", "PrivateDevices=yes", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
                     "ProtectKernelLogs=yes", "ProtectControlGroups=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                     "RestrictNamespaces=yes", "SystemCallFilter=@system-service", "UMask=0027", "Restart=on-failure",
                     "User=decnet", "PartOf=decnet.target", "WantedBy=decnet.target",
                 })
            await Assert.That(text).Contains("\n" + line + "\n").Because(line);
    }

    [Test]
    [Arguments("decnet.target", true)]
    [Arguments("decnet-master.service", true)]
    [Arguments("decnet-geoip-refresh.service", true)]
    [Arguments("decnet-some-future-worker.service", true)]
    [Arguments("decnet-geoip-refresh.timer", false)]
    [Arguments("sshd.service", false)]
    [Arguments("decnetx.service", false)]
    [Arguments("decnet-.service", false)]
    public async Task PolkitRuleMatchesDecnetUnitsOnly(string unit, bool allowed)
    {
        var rule = InstallTemplates.Render("decnet.polkit.rules", new InstallLayout(), new InstallOptions("/usr/bin/decnet"));
        // The rule's JavaScript regex literal is also a valid .NET pattern.
        var literal = Regex.Match(rule, @"/(\^.*\$)/\.test\(unit\)").Groups[1].Value;
        await Assert.That(literal).IsNotEmpty();
        await Assert.That(Regex.IsMatch(unit, literal)).IsEqualTo(allowed);
        await Assert.That(rule).Contains("org.freedesktop.systemd1.manage-units");
        await Assert.That(rule).Contains("subject.isInGroup(\"decnet\")");
        foreach (var verb in new[] { "\"start\"", "\"stop\"", "\"restart\"" }) await Assert.That(rule).Contains(verb);
    }

    [Test]
    public async Task ConfigTemplateListsEverySettingCommentedOut()
    {
        var template = IniFile.Template();
        await Assert.That(IniFile.Parse(template, "decnet.ini")).IsEmpty(); // everything commented: defaults apply
        string? section = null;
        var seen = new HashSet<string>();
        foreach (var raw in template.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('[')) { section = line.Trim('[', ']'); continue; }
            if (!line.StartsWith("# ", StringComparison.Ordinal) || !line.Contains(" =", StringComparison.Ordinal)) continue;
            var key = line[2..line.IndexOf(" =", StringComparison.Ordinal)];
            if (section is not null && SettingCatalog.ByIniName(section, key) is { } def) seen.Add(def.EnvName);
        }
        foreach (var s in SettingCatalog.All)
        {
            await Assert.That(seen).Contains(s.EnvName).Because($"[{s.Section}] {s.Key} missing from Assets/decnet.ini");
            await Assert.That(template).Contains($"# {s.Key} = {s.Default}".TrimEnd() + "\n").Because($"{s.Key}'s default");
        }
    }
}
