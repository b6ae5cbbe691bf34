using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Commands;

/// <summary>
/// DESIGN.md §6 ownership: inside the supervisor use its store; otherwise take the lock and open the file; when a
/// running supervisor owns it, send this very command line to the supervisor over the control channel; when
/// anything else owns it, refuse (exit 3).
/// </summary>
public static class StoreAccess
{
    public static async Task<int> RunAsync(CliContext ctx, CommandHost host, string command, Func<DecnetStore, int> action, CancellationToken ct)
    {
        if (ctx.Supervisor is { } supervisor) return supervisor.WithStore(action);
        DecnetStore store;
        try
        {
            store = DecnetStore.Open(ctx.Settings.DataDir, command, ctx.Time, NullLogger.Instance);
        }
        catch (StoreLockedException locked)
        {
            if (locked.Holder?.Command != "supervise") return ctx.Fail(ExitCodes.Refused, locked.Message);
            return await ForwardAsync(ctx, host, locked.Message, ct).ConfigureAwait(false);
        }
        using (store) return action(store);
    }

    /// <summary>Runs the same arguments inside the supervisor and relays its output and exit code.</summary>
    public static async Task<int> ForwardAsync(CliContext ctx, CommandHost host, string whyForward, CancellationToken ct)
    {
        using var client = SupervisorClient.TryConnect(ctx.Settings, out var reason);
        if (client is null) return ctx.Fail(ExitCodes.Refused, $"{whyForward}; {reason}");
        var reply = await client.ExecAsync(host.Args.ToArray(), ct).ConfigureAwait(false);
        ctx.Out.Write(reply.Stdout);
        ctx.Err.Write(reply.Stderr);
        return reply.ExitCode;
    }
}
