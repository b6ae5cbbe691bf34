using Decnet.Engine.Config;

namespace Decnet.Tests.Cli;

public class SettingsTests
{
    [Test]
    public async Task IniMapsSectionsToSettings()
    {
        var values = IniFile.Parse("# comment\n[core]\nmode = agent\n; another\n[listener]\nudp = \"127.0.0.1:6000\"\n", "t.ini");
        await Assert.That(values[SettingCatalog.Mode]).IsEqualTo("agent");
        await Assert.That(values[SettingCatalog.ListenerUdp]).IsEqualTo("127.0.0.1:6000");
    }

    [Test]
    [Arguments("[core]\nmode agent\n", "t.ini:2")]
    [Arguments("[core\nmode = agent\n", "t.ini:1")]
    [Arguments("[core]\n\n\ncolour = blue\n", "t.ini:4")]
    [Arguments("[nosuch]\nmode = agent\n", "t.ini:2")]
    public async Task MalformedIniNamesTheLine(string text, string where)
    {
        var e = Assert.Throws<IniFormatException>(() => IniFile.Parse(text, "t.ini"));
        await Assert.That(e.Message).StartsWith(where);
    }

    [Test]
    public async Task PrecedenceIsFlagThenEnvThenIniThenDefault()
    {
        var dir = Directory.CreateTempSubdirectory();
        var ini = Path.Combine(dir.FullName, "d.ini");
        await File.WriteAllTextAsync(ini, "[core]\nmode = agent\nlog_level = debug\ndata_dir = /from/ini\n");
        var env = new Dictionary<string, string> { ["DECNET_CONFIG"] = ini, ["DECNET_LOG_LEVEL"] = "warning", ["HOME"] = "/home/x" };
        var s = DecnetSettings.Load(env, null, new Dictionary<string, string> { [SettingCatalog.DataDir] = "/from/flag" });
        await Assert.That(s.Mode).IsEqualTo(DecnetMode.Agent);               // ini
        await Assert.That(s.Get(SettingCatalog.LogLevel)).IsEqualTo("warning"); // env beats ini
        await Assert.That(s.DataDir).IsEqualTo("/from/flag");                // flag beats ini
        await Assert.That(s.Get(SettingCatalog.WorkerTick)).IsEqualTo("60");  // default
        await Assert.That(s.SourceOf(SettingCatalog.Mode)).IsEqualTo("ini");
        await Assert.That(s.SourceOf(SettingCatalog.LogLevel)).IsEqualTo("env");
        dir.Delete(true);
    }

    [Test]
    public async Task ExplicitMissingConfigIsAnError()
    {
        var e = Assert.Throws<IniFormatException>(() => DecnetSettings.Load(new Dictionary<string, string>(), "/nonexistent/decnet.ini"));
        await Assert.That(e.Message).Contains("/nonexistent/decnet.ini");
    }

    [Test]
    public async Task UnknownModeIsRejected()
    {
        var s = DecnetSettings.Load(new Dictionary<string, string> { ["DECNET_MODE"] = "sideways", ["DECNET_CONFIG"] = "" });
        var e = Assert.Throws<IniFormatException>(() => _ = s.Mode);
        await Assert.That(e.Message).Contains("sideways");
    }

    [Test]
    public async Task DataDirFallsBackToXdgWhenSystemDirNotWritable()
    {
        var env = new Dictionary<string, string> { ["XDG_DATA_HOME"] = "/tmp/xdg-test", ["HOME"] = "/tmp/home-test" };
        var resolved = DataDirResolver.Resolve("", env);
        if (PosixAccess.IsRoot)
            await Assert.That(resolved).IsEqualTo(DataDirResolver.SystemDataDir);
        else
            await Assert.That(resolved).IsEqualTo("/tmp/xdg-test/decnet");
        await Assert.That(DataDirResolver.Resolve("rel/dir", env)).IsEqualTo(Path.GetFullPath("rel/dir"));
    }

    [Test]
    public async Task TemplateListsEverySettingAndParsesBackEmpty()
    {
        var template = IniFile.Template();
        foreach (var s in SettingCatalog.All) await Assert.That(template).Contains(s.EnvName);
        await Assert.That(IniFile.Parse(template, "template").Count).IsEqualTo(0);
    }

    [Test]
    [Arguments("false", false)]
    [Arguments("off", false)]
    [Arguments("TRUE", true)]
    [Arguments("", true)]
    public async Task GeoipKillSwitch(string value, bool enabled)
    {
        var s = DecnetSettings.Load(new Dictionary<string, string> { ["DECNET_GEOIP_ENABLED"] = value, ["DECNET_DATA_DIR"] = "/d" });
        await Assert.That(s.GeoipEnabled).IsEqualTo(enabled);
        await Assert.That(s.GeoipDir).IsEqualTo("/d/geoip");
        var bad = DecnetSettings.Load(new Dictionary<string, string> { ["DECNET_GEOIP_ENABLED"] = "maybe" });
        Assert.Throws<IniFormatException>(() => _ = bad.GeoipEnabled);
    }
}
