using Decnet.Engine.Ingest;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;
using Decnet.Storage;

namespace Decnet.Commands;

/// <summary>`decnet workers [--json]` and `decnet workers stop|pause|resume|tick NAME`, acting on one worker only.</summary>
public static class WorkersCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var group = new Command("workers", "list the supervisor's workers, or stop/pause/resume/tick one") { json };
        group.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => WithSupervisorAsync(ctx, host, ct, runtime =>
        {
            var now = ctx.Time.GetUtcNow();
            var workers = runtime.Workers.Snapshot();
            if (pr.GetValue(json)) WriteJson(ctx.Out, workers, now);
            else
            {
                var table = new TableWriter("NAME", "STATE", "HEALTH", "HEARTBEAT", "TICKS", "ERRORS", "LAST ERROR");
                foreach (var w in workers)
                    table.Add(w.Name, w.State.Name(), WorkerStatus.Health(w.LastHeartbeat, now),
                        w.LastHeartbeat is { } hb ? $"{(now - hb).TotalSeconds:0}s ago" : "never",
                        w.Ticks.ToString(CultureInfo.InvariantCulture), w.Errors.ToString(CultureInfo.InvariantCulture), w.LastError ?? "");
                table.WriteTo(ctx.Out);
            }
            return ExitCodes.Ok;
        })));

        foreach (var (verb, action, help) in new[]
        {
            ("stop", WorkerAction.Stop, "stop one worker (the others keep running; restart the supervisor to bring it back)"),
            ("pause", WorkerAction.Pause, "pause one worker: it skips its ticks until resumed"),
            ("resume", WorkerAction.Resume, "resume a paused worker"),
            ("tick", WorkerAction.Tick, "wake one worker now"),
        })
        {
            var name = new Argument<string>("name") { Description = "worker name" };
            var cmd = new Command(verb, help) { name };
            cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => WithSupervisorAsync(ctx, host, ct, runtime =>
            {
                var worker = pr.GetValue(name)!;
                if (!runtime.Workers.TryApply(worker, action))
                    return ctx.Fail(ExitCodes.Usage, $"no worker '{worker}' in this supervisor (running: {string.Join(", ", runtime.Workers.Names)})");
                ctx.Out.WriteLine($"{verb}: {worker}");
                return ExitCodes.Ok;
            })));
            group.Subcommands.Add(cmd);
        }
        root.Subcommands.Add(group);
    }

    /// <summary>Workers live in the supervisor: run there, or forward there; nothing to act on when none runs.</summary>
    private static async Task<int> WithSupervisorAsync(CliContext ctx, CommandHost host, CancellationToken ct, Func<SupervisorRuntime, int> action)
    {
        if (ctx.Supervisor is { } runtime) return action(runtime);
        // A supervisor.json without a held lock is left over from a crash: nobody is there to answer.
        if (SupervisorInfo.TryRead(ctx.Settings.DataDir) is null || !StoreLock.IsHeld(ctx.Settings.DataDir))
            return ctx.Fail(ExitCodes.Failure, $"no supervisor is running for {ctx.Settings.DataDir} (start it with 'decnet supervise')");
        return await StoreAccess.ForwardAsync(ctx, host, "workers live in the supervisor", ct).ConfigureAwait(false);
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<WorkerStatus> workers, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var s in workers)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("state", s.State.Name());
                w.WriteString("health", WorkerStatus.Health(s.LastHeartbeat, now));
                if (s.LastHeartbeat is { } hb)
                {
                    w.WriteString("last_heartbeat", IsoTimestamp.Format(hb));
                    w.WriteNumber("heartbeat_age_seconds", Math.Round((now - hb).TotalSeconds, 1));
                }
                else
                {
                    w.WriteNull("last_heartbeat");
                    w.WriteNull("heartbeat_age_seconds");
                }
                w.WriteNumber("ticks", s.Ticks);
                w.WriteNumber("errors", s.Errors);
                if (s.LastError is null) w.WriteNull("last_error"); else w.WriteString("last_error", s.LastError);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
