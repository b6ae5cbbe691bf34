using Decnet.Engine.Installer;

namespace Decnet.Tests.Installer;

/// <summary>The parts `decnet status` adds: systemd unit states and data-dir usage.</summary>
public class StatusPartsTests
{
    private const string ShowOutput = """
        Id=decnet.target
        LoadState=loaded
        ActiveState=active
        SubState=active

        Id=decnet-master.service
        LoadState=loaded
        ActiveState=activating
        SubState=auto-restart

        Id=decnet-geoip-refresh.service
        LoadState=loaded
        ActiveState=inactive
        SubState=dead

        Id=decnet-geoip-refresh.timer
        LoadState=not-found
        ActiveState=inactive
        SubState=dead

        """;

    [Test]
    public async Task ParsesSystemctlShowBlocks()
    {
        var units = SystemdUnits.Parse(ShowOutput, InstallLayout.Units);
        await Assert.That(units.Count).IsEqualTo(4);
        await Assert.That(units[1]).IsEqualTo(new UnitStatus("decnet-master.service", "loaded", "activating", "auto-restart"));
        await Assert.That(units[3]).IsEqualTo(new UnitStatus("decnet-geoip-refresh.timer", "not-found", "inactive", "dead"));
    }

    [Test]
    public async Task AsksSystemctlForEveryDecnetUnitOnlyWhenSystemdRuns()
    {
        var runner = new RecordingCommandRunner { Respond = _ => new CommandResult(0, ShowOutput, "") };
        await Assert.That(await SystemdUnits.ReadAsync(runner, systemdRunning: false, CancellationToken.None)).IsNull();
        await Assert.That(runner.Commands).IsEmpty();
        var units = await SystemdUnits.ReadAsync(runner, systemdRunning: true, CancellationToken.None);
        await Assert.That(units!.Select(u => u.Unit)).IsEquivalentTo(InstallLayout.Units, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(ShellQuote.Join(runner.Commands[0])).IsEqualTo(
            "systemctl show --property=Id,LoadState,ActiveState,SubState -- decnet.target decnet-master.service decnet-geoip-refresh.service decnet-geoip-refresh.timer");
        runner.Respond = _ => new CommandResult(1, "", "System has not been booted with systemd");
        await Assert.That(await SystemdUnits.ReadAsync(runner, systemdRunning: true, CancellationToken.None)).IsNull();
    }

    [Test]
    public async Task DataDirUsageSumsTheDatabaseFilesAndDatesTheNewestGeoipSource()
    {
        using var f = new InstallFixture();
        var geoip = Path.Combine(f.Root, "geoip");
        Directory.CreateDirectory(geoip);
        var empty = DataDirUsage.Read(f.Root, geoip);
        await Assert.That(empty.DatabaseBytes).IsNull();
        await Assert.That(empty.GeoipNewest).IsNull();

        await File.WriteAllBytesAsync(Path.Combine(f.Root, "decnet.db"), new byte[8192]);
        await File.WriteAllBytesAsync(Path.Combine(f.Root, "decnet-log.db"), new byte[100]);
        var old = Path.Combine(geoip, "delegated-arin-extended-latest");
        var newer = Path.Combine(geoip, "delegated-ripencc-latest");
        var index = Path.Combine(geoip, "rir.idx");
        foreach (var p in new[] { old, newer, index }) await File.WriteAllTextAsync(p, "x");
        File.SetLastWriteTimeUtc(old, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(newer, new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(index, new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc)); // an index is not data
        var usage = DataDirUsage.Read(f.Root, geoip);
        await Assert.That(usage.DatabaseBytes).IsEqualTo(8292);
        await Assert.That(usage.GeoipNewest).IsEqualTo(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));
    }
}
