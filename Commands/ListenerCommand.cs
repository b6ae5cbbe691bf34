using System.CommandLine;
using Decnet.Engine.Config;
using Decnet.Engine.GeoIp;
using Decnet.Engine.Ingest;
using Decnet.Engine.Listener;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Commands;

/// <summary>
/// `decnet listener`: the syslog listener in the foreground. On a master without a supervisor it profiles into
/// the store; on an agent (no store) it prints each event as decnet JSONL on stdout.
/// </summary>
public static class ListenerCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var options = new ListenerOptions();
        var cmd = new Command("listener", "receive syslog (RFC 5424, RFC 6587 framing) in the foreground until SIGTERM/SIGINT");
        options.AddTo(cmd);
        cmd.SetAction(ModeGate.AnyMode(host, async (ctx, pr, ct) =>
        {
            ListenerEndpoints endpoints;
            try { endpoints = options.Resolve(pr, ctx.Settings); }
            catch (ListenerConfigException e) { return ctx.Fail(ExitCodes.Usage, e.Message); }
            if (ctx.Supervisor is not null) return ctx.Fail(ExitCodes.Refused, "the supervisor already runs the listener worker (see 'decnet workers')");
            using var signal = new ShutdownSignal();
            return ctx.Settings.Mode == DecnetMode.Agent
                ? await PrintEventsAsync(ctx, endpoints, signal, ct).ConfigureAwait(false)
                : await ProfileEventsAsync(ctx, endpoints, signal, ct).ConfigureAwait(false);
        }));
        root.Subcommands.Add(cmd);
    }

    private static async Task<int> PrintEventsAsync(CliContext ctx, ListenerEndpoints endpoints, ShutdownSignal signal, CancellationToken ct)
    {
        await using var stdout = new JsonlEventWriter(Console.OpenStandardOutput());
        var gate = new Lock();
        var intake = new MessageIntake(ctx.Time, ctx.Logs.CreateLogger("decnet.listener"), ev =>
        {
            lock (gate) { stdout.Write(ev); stdout.Flush(); }
            return true;
        });
        await using var listener = new SyslogListener(intake, ctx.Logs.CreateLogger("decnet.listener"));
        try { listener.Start(endpoints); }
        catch (ListenerConfigException e) { return ctx.Fail(ExitCodes.Failure, e.Message); }
        ctx.Err.WriteLine($"decnet listener: syslog on {string.Join(", ", listener.Bound.Describe())}; events as JSONL on stdout");
        await Task.WhenAny(signal.Signalled, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> ProfileEventsAsync(CliContext ctx, ListenerEndpoints endpoints, ShutdownSignal signal, CancellationToken ct)
    {
        DecnetStore store;
        try { store = DecnetStore.Open(ctx.Settings.DataDir, "listener", ctx.Time, ctx.Logs.CreateLogger("decnet.store")); }
        catch (StoreLockedException e) { return ctx.Fail(ExitCodes.Refused, e.Message); }
        using var gate = new StoreGate(store);
        var queue = new EventQueue(ctx.Settings.EventQueueCapacity);
        var intake = new MessageIntake(ctx.Time, ctx.Logs.CreateLogger("decnet.listener"), queue.TryEnqueue);
        var ready = new TaskCompletionSource<ListenerEndpoints>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = new WorkerSupervisor(
            [new ProfilerWorker(queue, new AttackerIngestor(gate, bus: null, GeoSource.Open(ctx.Settings.GeoipEnabled, ctx.Settings.GeoipDir, ctx.Logs.CreateLogger("decnet.geoip")))), new ListenerWorker(endpoints, intake, b => ready.TrySetResult(b), e => ready.TrySetException(e))],
            bus: null, ctx.Time, ctx.Logs, ctx.Settings.WorkerTick);
        workers.StartAll();
        try
        {
            var bound = await ready.Task.WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            ctx.Err.WriteLine($"decnet listener: syslog on {string.Join(", ", bound.Describe())}; profiling into {ctx.Settings.DataDir}");
            await Task.WhenAny(signal.Signalled, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (ListenerConfigException e) { return ctx.Fail(ExitCodes.Failure, e.Message); }
        finally { await workers.StopAllAsync().ConfigureAwait(false); }
    }
}
