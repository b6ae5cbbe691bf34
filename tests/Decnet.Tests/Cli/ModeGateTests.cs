using System.CommandLine;
using Decnet.Commands;
using Decnet.Engine.Config;

namespace Decnet.Tests.Cli;

/// <summary>DESIGN.md §4: both layers of mode gating, and no command may slip through ungated.</summary>
public class ModeGateTests
{
    private static CommandHost Host(string mode, params string[] args) => new()
    {
        Environment = new Dictionary<string, string> { ["DECNET_MODE"] = mode, ["HOME"] = Path.GetTempPath() },
        Output = new StringWriter(),
        Error = new StringWriter(),
        OpenStdin = () => Stream.Null,
        Time = TimeProvider.System,
        Args = args,
    };

    [Test]
    public async Task EveryRegisteredCommandIsInExactlyOneSet()
    {
        var root = CommandTree.Build(Host("master"), DecnetMode.Master);
        foreach (var cmd in root.Subcommands)
        {
            var masterOnly = ModeGate.MasterOnlyCommands.Contains(cmd.Name) || ModeGate.MasterOnlyGroups.Contains(cmd.Name);
            var agentSafe = ModeGate.AgentSafe.Contains(cmd.Name);
            await Assert.That(masterOnly ^ agentSafe).IsTrue().Because($"'{cmd.Name}' must be in exactly one of the master-only or agent-safe sets");
            // Groups (with subcommands) are listed as groups, leaf commands as commands.
            if (masterOnly)
                await Assert.That(cmd.Subcommands.Count > 0 ? ModeGate.MasterOnlyGroups.Contains(cmd.Name) : ModeGate.MasterOnlyCommands.Contains(cmd.Name))
                    .IsTrue().Because($"'{cmd.Name}' is in the wrong master-only set");
        }
    }

    [Test]
    public async Task SetsDoNotOverlap()
    {
        await Assert.That(ModeGate.MasterOnlyCommands.Overlaps(ModeGate.AgentSafe)).IsFalse();
        await Assert.That(ModeGate.MasterOnlyGroups.Overlaps(ModeGate.AgentSafe)).IsFalse();
        await Assert.That(ModeGate.MasterOnlyGroups.Overlaps(ModeGate.MasterOnlyCommands)).IsFalse();
    }

    [Test]
    public async Task AgentTreeHasNoMasterOnlyCommand()
    {
        var root = CommandTree.Build(Host("agent"), DecnetMode.Agent);
        await Assert.That(root.Subcommands.Any(c => ModeGate.IsMasterOnly(c.Name))).IsFalse();
        await Assert.That(root.Subcommands.Select(c => c.Name)).Contains("status");
        await Assert.That(root.Subcommands.Select(c => c.Name)).Contains("listener");
    }

    [Test]
    [Arguments("ingest", "x.json")]
    [Arguments("attackers", "list")]
    [Arguments("attackers", "show", "192.0.2.1")]
    [Arguments("workers")]
    [Arguments("workers", "pause", "profiler")]
    [Arguments("supervise")]
    public async Task MasterOnlyHandlerRefusesOnAgentWhenCalledDirectly(params string[] args)
    {
        // The tree is built as a master (layer 1 off), but the invocation's settings say agent: layer 2 must refuse.
        var host = Host("agent", args);
        var root = CommandTree.Build(host, DecnetMode.Master);
        var parse = root.Parse(args);
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = host.Output, Error = host.Error });
        await Assert.That(code).IsEqualTo(ExitCodes.Refused);
        await Assert.That(host.Error.ToString()!).Contains("master-only");
    }

    [Test]
    public async Task UnknownCommandOnAgentIsUsageError()
    {
        var host = Host("agent", "ingest", "x");
        var code = await CommandTree.InvokeAsync(host);
        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
    }
}
