using System.CommandLine;
using Decnet.Engine.Listener;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Commands;

/// <summary>`decnet supervise [--only a,b]`: the bus, the workers and the control channel in one process.</summary>
public static class SuperviseCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var only = new Option<string?>("--only") { Description = $"comma-separated workers to run (default all: {string.Join(",", SupervisorRuntime.KnownWorkers)})" };
        var listener = new ListenerOptions();
        var cmd = new Command("supervise", "run the bus, the workers and the control channel until SIGTERM/SIGINT") { only };
        listener.AddTo(cmd);
        cmd.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            if (ctx.Supervisor is not null) return ctx.Fail(ExitCodes.Refused, "already running inside the supervisor");
            HashSet<string>? workers = null;
            if (pr.GetValue(only) is { } list)
            {
                workers = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                var unknown = workers.Except(SupervisorRuntime.KnownWorkers).ToArray();
                if (unknown.Length > 0 || workers.Count == 0)
                    return ctx.Fail(ExitCodes.Usage, $"--only: unknown worker '{string.Join(",", unknown)}' (known: {string.Join(", ", SupervisorRuntime.KnownWorkers)})");
            }
            ListenerEndpoints endpoints;
            try { endpoints = listener.Resolve(pr, ctx.Settings); }
            catch (ListenerConfigException e) { return ctx.Fail(ExitCodes.Usage, e.Message); }

            using var signal = new ShutdownSignal();
            SupervisorRuntime runtime;
            try
            {
                runtime = SupervisorRuntime.Start(new SupervisorOptions(ctx.Settings, workers, endpoints, VersionCommand.Version),
                    ctx.Time, ctx.Logs, (rt, argv, token) => ForwardedInvocation.RunAsync(host, rt, argv, token));
            }
            catch (StoreLockedException e) { return ctx.Fail(ExitCodes.Refused, e.Message); }

            await using (runtime)
            {
                var bound = await runtime.ListenerReady.WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                ctx.Out.WriteLine($"decnet supervise: data dir {runtime.DataDir}, workers {string.Join(", ", runtime.Workers.Names)}");
                if (bound is not null)
                {
                    ctx.Out.WriteLine($"decnet supervise: syslog on {string.Join(", ", bound.Describe())}");
                    if (bound.Udp is { } udp)
                        ctx.Out.WriteLine($"decnet supervise: send logs with: logger --rfc5424 -d -n {udp.Address} -P {udp.Port} --sd-id decnet@32473 --sd-param 'event=\"login.failed\"' --sd-param 'src_ip=\"203.0.113.7\"' test");
                }
                ctx.Out.Flush();
                await Task.WhenAny(signal.Signalled, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
                ctx.Logs.CreateLogger("decnet.supervise").LogInformation("stopping");
            }
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(cmd);
    }
}
