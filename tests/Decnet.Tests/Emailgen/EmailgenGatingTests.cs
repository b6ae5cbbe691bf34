using System.CommandLine;
using Decnet.Commands;
using Decnet.Engine.Config;

namespace Decnet.Tests.Emailgen;

/// <summary>DESIGN.md §4 for emailgen: absent on an agent, every handler refuses there when called directly.</summary>
public class EmailgenGatingTests
{
    private static CommandHost Host(string mode, params string[] args) => new()
    {
        Environment = new Dictionary<string, string> { ["DECNET_MODE"] = mode, ["HOME"] = Path.GetTempPath(), ["DECNET_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "decnet-gate-" + Guid.NewGuid().ToString("n")[..8]) },
        Output = new StringWriter(),
        Error = new StringWriter(),
        OpenStdin = () => Stream.Null,
        Time = TimeProvider.System,
        Args = args,
    };

    [Test]
    public async Task AbsentFromHelpOnAnAgentPresentOnAMaster()
    {
        var agent = Host("agent", "--help");
        await CommandTree.InvokeAsync(agent);
        await Assert.That(agent.Output.ToString()!).DoesNotContain("emailgen");
        var master = Host("master", "--help");
        await CommandTree.InvokeAsync(master);
        await Assert.That(master.Output.ToString()!).Contains("emailgen");
        var typed = Host("agent", "emailgen", "list");
        await Assert.That(await CommandTree.InvokeAsync(typed)).IsEqualTo(ExitCodes.Usage);
    }

    [Test]
    [Arguments("emailgen", "list")]
    [Arguments("emailgen", "generate", "--decky", "mail01")]
    [Arguments("emailgen", "personas", "list")]
    [Arguments("emailgen", "personas", "generate", "--count", "3", "--domain", "corp.example")]
    [Arguments("emailgen", "personas", "show", "a@corp.example")]
    [Arguments("emailgen", "personas", "import", "x.json")]
    [Arguments("emailgen", "personas", "export")]
    public async Task DirectHandlerRefusesOnAnAgent(params string[] args)
    {
        var host = Host("agent", args);
        var root = CommandTree.Build(host, DecnetMode.Master);
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = host.Output, Error = host.Error });
        await Assert.That(code).IsEqualTo(ExitCodes.Refused);
        await Assert.That(host.Error.ToString()!).Contains("master-only");
    }
}
