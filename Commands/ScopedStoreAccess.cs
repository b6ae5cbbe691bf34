using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Commands;

/// <summary>
/// <see cref="StoreAccess"/> for commands that wait on something else between store reads and writes (a deploy
/// waiting on Docker): the action gets an <see cref="IStoreScope"/> and takes the store per use. Inside the
/// supervisor each use goes through its store gate, so workers run in between; a one-shot process owns the store
/// for its whole run; when a supervisor owns it the whole command line is forwarded (as StoreAccess does).
/// </summary>
public static class ScopedStoreAccess
{
    public static async Task<int> RunAsync(CliContext ctx, CommandHost host, string command, Func<IStoreScope, Task<int>> action, CancellationToken ct)
    {
        if (ctx.Supervisor is { } supervisor) return await action(new GateScope(supervisor)).ConfigureAwait(false);
        DecnetStore store;
        try
        {
            store = DecnetStore.Open(ctx.Settings.DataDir, command, ctx.Time, NullLogger.Instance);
        }
        catch (StoreLockedException locked)
        {
            if (locked.Holder?.Command != "supervise") return ctx.Fail(ExitCodes.Refused, locked.Message);
            return await StoreAccess.ForwardAsync(ctx, host, locked.Message, ct).ConfigureAwait(false);
        }
        using (store) return await action(new OwnedScope(store)).ConfigureAwait(false);
    }

    private sealed class GateScope(SupervisorRuntime supervisor) : IStoreScope
    {
        public T Use<T>(Func<DecnetStore, T> action) => supervisor.WithStore(action);
    }

    private sealed class OwnedScope(DecnetStore store) : IStoreScope
    {
        private readonly Lock _lock = new();

        public T Use<T>(Func<DecnetStore, T> action)
        {
            lock (_lock) return action(store);
        }
    }
}
