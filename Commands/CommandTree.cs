using System.CommandLine;
using System.CommandLine.Invocation;
using Decnet.Engine.Config;

namespace Decnet.Commands;

/// <summary>Builds the command tree (every command's Register), applies the mode gate last, and runs it.</summary>
public static class CommandTree
{
    public static RootCommand Build(CommandHost host, DecnetMode mode)
    {
        var root = new RootCommand("decnet — master node of a honeypot deception network");
        GlobalOptions.AddTo(root);
        VersionCommand.Register(root);
        StatusCommand.Register(root, host);
        BusCommand.Register(root, host);
        ListenerCommand.Register(root, host);
        SuperviseCommand.Register(root, host);
        InitCommand.Register(root, host);
        WorkersCommand.Register(root, host);
        IngestCommand.Register(root, host);
        AttackersCommand.Register(root, host);
        GeoipCommand.Register(root, host);
        CatalogueCommands.Register(root, host);
        TopologyCommand.Register(root, host);
        EmailgenCommand.Register(root, host);
        WebhookCommand.Register(root, host);
        SimulateCommand.Register(root, host);
        EvalCommand.Register(root, host);
        ClustererCommand.Register(root, host);
        ClustersCommand.Register(root, host);
        ModeGate.Apply(root, mode);
        return root;
    }

    public static async Task<int> InvokeAsync(CommandHost host, CancellationToken ct = default)
    {
        DecnetMode mode;
        try { mode = host.PreParseSettings().Mode; }
        catch (IniFormatException e)
        {
            host.Error.WriteLine("decnet: " + e.Message);
            return ExitCodes.Usage;
        }
        var root = Build(host, mode);
        var parseResult = root.Parse(host.Args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parseResult.Errors)
                host.Error.WriteLine("decnet: " + error.Message);
            host.Error.WriteLine("decnet: run 'decnet --help' for usage");
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = host.Output, Error = host.Error, EnableDefaultExceptionHandler = false };
        try { return await parseResult.InvokeAsync(config, ct).ConfigureAwait(false); }
        // The console logger writes from a background queue: flush it, or the last lines (a warning just before exit)
        // can be lost.
        finally { host.DisposeContexts(); }
    }
}
