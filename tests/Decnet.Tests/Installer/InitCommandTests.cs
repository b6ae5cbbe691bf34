using System.CommandLine;
using Decnet.Commands;
using Decnet.Engine.Config;

namespace Decnet.Tests.Installer;

/// <summary>`decnet init` through the command tree, in process: root check, usage errors, mode gating, --root.</summary>
public class InitCommandTests
{
    private static CommandHost Host(string mode, bool isRoot, params string[] args) => new()
    {
        Environment = new Dictionary<string, string> { ["DECNET_MODE"] = mode, ["HOME"] = Path.GetTempPath() },
        Output = new StringWriter(),
        Error = new StringWriter(),
        OpenStdin = () => Stream.Null,
        Time = TimeProvider.System,
        Args = args,
        IsRoot = () => isRoot,
    };

    [Test]
    public async Task NotRootWithoutDryRunOrRootIsRefusedWithOneLine()
    {
        var host = Host("master", isRoot: false, "init");
        var code = await CommandTree.InvokeAsync(host);
        await Assert.That(code).IsEqualTo(ExitCodes.Refused);
        var err = host.Error.ToString()!;
        await Assert.That(err.TrimEnd('\n').Split('\n').Length).IsEqualTo(1);
        await Assert.That(err).Contains("must run as root");
        await Assert.That(host.Output.ToString()).IsEqualTo("");
    }

    [Test]
    public async Task NotRootMayBuildATreeUnderRoot()
    {
        using var f = new InstallFixture();
        var host = Host("master", isRoot: false, "init", "--root", f.Root, "--no-start");
        var code = await CommandTree.InvokeAsync(host);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(host.Error.ToString()!);
        await Assert.That(host.Output.ToString()).Contains("[ OK ] unit decnet-master.service (create)");
        await Assert.That(host.Output.ToString()).Contains("[SKIP] start decnet.target (--no-start)");
        await Assert.That(File.Exists(Path.Combine(f.Root, "decnet-init.commands"))).IsTrue();
    }

    [Test]
    public async Task FailingStepExitsOneNamingTheStep()
    {
        using var f = new InstallFixture();
        // A file where the unit directory should be: writing a unit fails, and init stops there.
        Directory.CreateDirectory(Path.Combine(f.Root, "etc", "systemd"));
        await File.WriteAllTextAsync(Path.Combine(f.Root, "etc", "systemd", "system"), "not a directory");
        var host = Host("master", isRoot: false, "init", "--root", f.Root);
        var code = await CommandTree.InvokeAsync(host);
        await Assert.That(code).IsEqualTo(ExitCodes.Failure);
        await Assert.That(host.Output.ToString()).Contains("[FAIL] unit decnet.target (");
        await Assert.That(host.Error.ToString()).Contains("init failed at step 'unit decnet.target'");
    }

    [Test]
    [Arguments("init", "--purge")]
    [Arguments("init", "--dry-run", "--install-binary", "relative/decnet")]
    public async Task UsageErrors(params string[] args)
    {
        var host = Host("master", isRoot: true, args);
        await Assert.That(await CommandTree.InvokeAsync(host)).IsEqualTo(ExitCodes.Usage);
    }

    [Test]
    public async Task AgentDoesNotRegisterInit()
    {
        var host = Host("agent", isRoot: true, "init", "--dry-run");
        await Assert.That(await CommandTree.InvokeAsync(host)).IsEqualTo(ExitCodes.Usage);
        var root = CommandTree.Build(host, DecnetMode.Agent);
        await Assert.That(root.Subcommands.Any(c => c.Name == "init")).IsFalse();
    }

    [Test]
    public async Task InitHandlerRefusesOnAgentWhenCalledDirectly()
    {
        using var f = new InstallFixture();
        var args = new[] { "init", "--root", f.Root };
        var host = Host("agent", isRoot: true, args);
        var root = CommandTree.Build(host, DecnetMode.Master); // layer 1 off: layer 2 must refuse
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = host.Output, Error = host.Error });
        await Assert.That(code).IsEqualTo(ExitCodes.Refused);
        await Assert.That(host.Error.ToString()!).Contains("master-only");
        await Assert.That(Directory.EnumerateFileSystemEntries(f.Root).Any()).IsFalse();
    }
}
