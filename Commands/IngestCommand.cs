using System.CommandLine;
using System.Diagnostics;
using Decnet.Engine.GeoIp;
using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Commands;

/// <summary>`decnet ingest FILE...|-`: Cowrie JSON, decnet JSONL or RFC 5424 files (plain or gzip) into profiles.</summary>
public static class IngestCommand
{
    private const int BatchSize = 8192;

    public static void Register(RootCommand root, CommandHost host)
    {
        var format = new Option<string>("--format") { Description = "auto (default), cowrie, jsonl or rfc5424", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "cowrie", "jsonl", "rfc5424");
        var files = new Argument<string[]>("files") { Description = "files to read (plain or .gz); - for stdin", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "parse and validate only; the store is not touched" };
        var cmd = new Command("ingest", "import honeypot logs into attacker profiles (idempotent)") { format, dryRun, files };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => RunAsync(ctx, ParseFormat(pr.GetValue(format)!), pr.GetValue(files)!, pr.GetValue(dryRun), ct)));
        root.Subcommands.Add(cmd);
    }

    private static InputFormat ParseFormat(string text) => text switch
    {
        "cowrie" => InputFormat.Cowrie,
        "jsonl" => InputFormat.Jsonl,
        "rfc5424" => InputFormat.Rfc5424,
        _ => InputFormat.Auto,
    };

    private static async Task<int> RunAsync(CliContext ctx, InputFormat format, string[] files, bool dryRun, CancellationToken ct)
    {
        // Fail early on missing files, naming each, before touching the store.
        var missing = files.Where(f => f != "-" && !File.Exists(f)).ToArray();
        foreach (var f in missing) ctx.Err.WriteLine($"decnet: {f}: no such file");
        var readable = files.Where(f => f == "-" || File.Exists(f)).ToArray();
        if (readable.Length == 0) return ExitCodes.Failure;

        Func<IReadOnlyList<DecnetEvent>, CancellationToken, Task<BatchResult>> apply;
        SupervisorClient? client = null;
        StoreGate? gate = null;
        if (dryRun)
        {
            apply = (events, _) => Task.FromResult(new BatchResult(events.Count, 0, 0, [], []));
        }
        else if (ctx.Supervisor is { } supervisor)
        {
            apply = (events, _) => Task.FromResult(supervisor.Ingestor.Ingest(events));
        }
        else
        {
            try
            {
                var store = DecnetStore.Open(ctx.Settings.DataDir, "ingest", ctx.Time, ctx.Logs.CreateLogger("decnet.store"));
                gate = new StoreGate(store);
                var geo = GeoSource.Open(ctx.Settings.GeoipEnabled, ctx.Settings.GeoipDir, ctx.Logs.CreateLogger("decnet.geoip"));
                var ingestor = new AttackerIngestor(gate, bus: null, geo);
                apply = (events, _) => Task.FromResult(ingestor.Ingest(events));
            }
            catch (StoreLockedException locked) when (locked.Holder?.Command == "supervise")
            {
                client = SupervisorClient.TryConnect(ctx.Settings, out var reason);
                if (client is null) return ctx.Fail(ExitCodes.Refused, $"{locked.Message}; {reason}");
                var c = client;
                apply = async (events, token) =>
                {
                    var reply = await c.IngestAsync(events, token).ConfigureAwait(false);
                    return new BatchResult((int)reply.Accepted, (int)reply.Duplicates, 0, new string[reply.NewAttackers], []);
                };
            }
            catch (StoreLockedException locked)
            {
                return ctx.Fail(ExitCodes.Refused, locked.Message);
            }
        }

        using var clientScope = client;
        using var gateScope = gate;
        var progress = !Console.IsErrorRedirected && ctx.Supervisor is null;
        var sources = readable.Select(f => f == "-" ? new IngestSource("stdin", ctx.OpenStdin) : new IngestSource(f, () => File.OpenRead(f))).ToArray();
        var clock = Stopwatch.StartNew();
        var totals = await new IngestPipeline(ctx.Time, ctx.Logs.CreateLogger("decnet.ingest")).RunAsync(sources, format, BatchSize, apply,
            progress ? (file, t) => ctx.Err.Write($"\r{file}: {t.Lines:N0} lines, {t.Accepted:N0} new events   ") : null, ct).ConfigureAwait(false);
        if (progress) ctx.Err.WriteLine();
        foreach (var failure in totals.Failures) ctx.Err.WriteLine("decnet: " + failure);
        var failed = missing.Length > 0 || totals.Failures.Count > 0;
        var (accepted, duplicates, malformed, newAttackers) = (totals.Accepted, totals.Duplicates, totals.Malformed, totals.NewAttackers);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        if (dryRun)
        {
            ctx.Out.WriteLine($"parsed {accepted:N0} events from {readable.Length} file(s): {malformed:N0} malformed lines ({accepted / seconds:N0} events/s); nothing stored (--dry-run)");
            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        }
        ctx.Out.WriteLine($"ingested {accepted:N0} new events from {readable.Length} file(s): {duplicates:N0} duplicates, {malformed:N0} malformed lines skipped, {newAttackers:N0} new attackers ({(accepted + duplicates) / seconds:N0} events/s)");
        return failed ? ExitCodes.Failure : ExitCodes.Ok;
    }
}
