using Decnet.Bus;

namespace Decnet.Tests.Bus;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class BusCredentialsTests
{
    private string _dir = "";

    [Before(Test)]
    public void MakeDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"decnet-bus-creds-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
    }

    [After(Test)]
    public void RemoveDir()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Test]
    public async Task CreatedWithMode0640AndReloadedEqual()
    {
        var path = Path.Combine(_dir, "sub", "bus.key");
        var created = BusCredentials.LoadOrCreate(path);
        await Assert.That(File.Exists(path)).IsTrue();
        await Assert.That(File.GetUnixFileMode(path)).IsEqualTo(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        await Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!).Length).IsEqualTo(1); // no temp file left

        var loaded = BusCredentials.Load(path);
        var again = BusCredentials.LoadOrCreate(path);
        await Assert.That(loaded.ServerPublicKey).IsEquivalentTo(created.ServerPublicKey);
        await Assert.That(again.ServerPublicKey).IsEquivalentTo(created.ServerPublicKey);
        await Assert.That(loaded.ServerCertificate.SecretKey).IsEquivalentTo(created.ServerCertificate.SecretKey!);
        await Assert.That(loaded.Path).IsEqualTo(path);

        var text = await File.ReadAllTextAsync(path);
        await Assert.That(text).Contains("public=");
        await Assert.That(text).Contains("secret=");
    }

    [Test]
    public async Task ReloadedKeysWorkAgainstABrokerStartedWithTheOriginal()
    {
        var path = Path.Combine(_dir, "bus.key");
        using var broker = BusBroker.Start(BusCredentials.LoadOrCreate(path), inprocName: BusTestKit.UniqueInprocName());
        using var client = BusClient.ConnectExternal(broker.Endpoints, BusCredentials.Load(path));
        using var sub = client.Subscribe(">");
        await Assert.That(await BusTestKit.UntilFlowingAsync(client, sub, "a.b", TimeSpan.FromSeconds(10))).IsTrue();
    }

    [Test]
    public async Task DifferentFilesHoldDifferentKeys()
    {
        var a = BusCredentials.LoadOrCreate(Path.Combine(_dir, "a.key"));
        var b = BusCredentials.LoadOrCreate(Path.Combine(_dir, "b.key"));
        await Assert.That(a.ServerPublicKey.SequenceEqual(b.ServerPublicKey)).IsFalse();
    }

    [Test]
    public async Task MissingFileNamesThePath()
    {
        var path = Path.Combine(_dir, "absent.key");
        var e = Catch(() => BusCredentials.Load(path));
        await Assert.That(e.Message).Contains(path);
        await Assert.That(e.Message).Contains("does not exist");
    }

    [Test]
    [Arguments("", "no 'public=' line")]
    [Arguments("public=abc\n", "no 'secret=' line")]
    [Arguments("garbage\n", "line 1")]
    [Arguments("# comment\ncolour=blue\n", "line 2: unknown key 'colour'")]
    [Arguments("public=short\nsecret=short\n", "'public' is not a 40-character Z85 key")]
    public async Task MalformedFileNamesThePathAndProblem(string content, string fragment)
    {
        var path = Path.Combine(_dir, "bad.key");
        await File.WriteAllTextAsync(path, content);
        var e = Catch(() => BusCredentials.Load(path));
        await Assert.That(e.Message).Contains(path);
        await Assert.That(e.Message).Contains(fragment);
    }

    [Test]
    public async Task MismatchedKeyPairIsRejected()
    {
        var one = BusCredentials.LoadOrCreate(Path.Combine(_dir, "one.key"));
        var two = BusCredentials.LoadOrCreate(Path.Combine(_dir, "two.key"));
        var mixed = Path.Combine(_dir, "mixed.key");
        await File.WriteAllTextAsync(mixed, $"public={one.ServerPublicKeyZ85}\nsecret={two.ServerCertificate.SecretKeyZ85}\n");
        var e = Catch(() => BusCredentials.Load(mixed));
        await Assert.That(e.Message).Contains("does not belong");
    }

    [Test]
    public async Task UnreadableFileNamesThePath()
    {
        if (Environment.UserName == "root")
        {
            // root reads any file: check instead that a directory in place of the file is reported by path
            var dirPath = Path.Combine(_dir, "is-a-dir.key");
            Directory.CreateDirectory(dirPath);
            var d = Catch(() => BusCredentials.Load(dirPath));
            await Assert.That(d.Message).Contains(dirPath);
            return;
        }
        var path = Path.Combine(_dir, "locked.key");
        BusCredentials.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.None);
        var e = Catch(() => BusCredentials.Load(path));
        await Assert.That(e.Message).Contains(path);
        await Assert.That(e.Message).Contains("permission denied");
    }

    private static BusCredentialsException Catch(Action action)
    {
        try { action(); }
        catch (BusCredentialsException e) { return e; }
        throw new InvalidOperationException("expected BusCredentialsException");
    }
}
