using System.CommandLine;
using Decnet.Engine.Config;

namespace Decnet.Commands;

/// <summary>
/// DESIGN.md §4, both layers: on an agent, master-only commands and groups are not registered at all, and every
/// master-only handler is wrapped by <see cref="MasterOnly"/>, which refuses on an agent host even when called directly.
/// </summary>
public static class ModeGate
{
    public static readonly IReadOnlySet<string> MasterOnlyCommands = new HashSet<string>(StringComparer.Ordinal)
    {
        "init", "supervise", "ingest", "clusterer", "campaign-clusterer", "simulate", "eval",
    };

    public static readonly IReadOnlySet<string> MasterOnlyGroups = new HashSet<string>(StringComparer.Ordinal)
    {
        "attackers", "workers", "identities", "campaigns", "webhook", "geoip", "topology", "emailgen",
    };

    public static readonly IReadOnlySet<string> AgentSafe = new HashSet<string>(StringComparer.Ordinal)
    {
        "status", "services", "archetypes", "distros", "bus", "listener", "forward",
    };

    public static bool IsMasterOnly(string name) => MasterOnlyCommands.Contains(name) || MasterOnlyGroups.Contains(name);

    /// <summary>Layer 1: applied last, after every Register; removes master-only commands on an agent.</summary>
    public static void Apply(RootCommand root, DecnetMode mode)
    {
        if (mode != DecnetMode.Agent) return;
        foreach (var cmd in root.Subcommands.Where(c => IsMasterOnly(c.Name)).ToArray())
            root.Subcommands.Remove(cmd);
    }

    /// <summary>Layer 2: the guard every master-only handler starts with.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> MasterOnly(CommandHost host, Func<CliContext, ParseResult, CancellationToken, Task<int>> handler) =>
        Wrap(host, masterOnly: true, handler);

    /// <summary>Handler wrapper for agent-safe commands.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> AnyMode(CommandHost host, Func<CliContext, ParseResult, CancellationToken, Task<int>> handler) =>
        Wrap(host, masterOnly: false, handler);

    private static Func<ParseResult, CancellationToken, Task<int>> Wrap(CommandHost host, bool masterOnly, Func<CliContext, ParseResult, CancellationToken, Task<int>> handler) =>
        async (parseResult, ct) =>
        {
            CliContext ctx;
            try
            {
                ctx = host.ContextFor(parseResult);
                if (masterOnly && ctx.Settings.Mode == DecnetMode.Agent)
                    return ctx.Fail(ExitCodes.Refused, $"'{parseResult.CommandResult.Command.Name}' is master-only and this host runs DECNET_MODE=agent");
            }
            catch (IniFormatException e)
            {
                host.Error.WriteLine("decnet: " + e.Message);
                return ExitCodes.Usage;
            }
            try
            {
                return await handler(ctx, parseResult, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ctx.Fail(ExitCodes.Failure, "interrupted");
            }
            catch (Exception e)
            {
                // One line for the operator; the stack only on --log-level debug.
                if (ctx.DebugLogging) ctx.Err.WriteLine(e.ToString());
                return ctx.Fail(ExitCodes.Failure, e.Message);
            }
        };
}
