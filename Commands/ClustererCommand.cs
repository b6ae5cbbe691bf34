using System.CommandLine;
using System.Globalization;
using Decnet.Engine.Clustering;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Commands;

/// <summary>
/// `decnet clusterer [--once] [--poll-interval S]` and `decnet campaign-clusterer ...`: the clustering workers run
/// standalone (they also run inside `supervise`). With a supervisor running, `--once` runs one tick inside it.
/// </summary>
public static class ClustererCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        root.Subcommands.Add(Build(host, "clusterer", "link attacker IPs into identities (one operator each)", campaigns: false));
        root.Subcommands.Add(Build(host, "campaign-clusterer", "link identities into campaigns", campaigns: true));
    }

    private static Command Build(CommandHost host, string name, string description, bool campaigns)
    {
        var once = new Option<bool>("--once") { Description = "run one tick and exit" };
        var poll = new Option<double>("--poll-interval") { Description = "seconds between ticks (default: the worker tick setting)", DefaultValueFactory = _ => 0 };
        poll.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) r.AddError("--poll-interval must be 0 or more seconds"); });
        var cmd = new Command(name, description) { once, poll };
        cmd.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            var log = ctx.Logs.CreateLogger("decnet." + name);
            if (ctx.Supervisor is { } supervisor)
            {
                if (!pr.GetValue(once)) return ctx.Fail(ExitCodes.Refused, $"the supervisor already runs the {name} worker; use --once for one tick now");
                Report(ctx, name, RunOnce(ctx, supervisor.Store, log, campaigns, supervisor.Bus));
                return ExitCodes.Ok;
            }
            DecnetStore store;
            try { store = DecnetStore.Open(ctx.Settings.DataDir, name, ctx.Time, NullLogger.Instance); }
            catch (StoreLockedException locked)
            {
                if (locked.Holder?.Command != "supervise" || !pr.GetValue(once)) return ctx.Fail(ExitCodes.Refused, locked.Message);
                return await StoreAccess.ForwardAsync(ctx, host, locked.Message, ct).ConfigureAwait(false);
            }
            using var gate = new StoreGate(store);
            var identities = new IdentityClusterer(ctx.Time, log);
            var campaignClusterer = new CampaignClusterer(ctx.Time, log);
            var interval = pr.GetValue(poll) is > 0 and var s ? TimeSpan.FromSeconds(s) : ctx.Settings.WorkerTick;
            while (true)
            {
                var result = campaigns ? campaignClusterer.Tick(gate, null, null) : identities.Tick(gate, null, null);
                Report(ctx, name, result);
                if (pr.GetValue(once)) return ExitCodes.Ok;
                try { await Task.Delay(interval, ctx.Time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { return ExitCodes.Ok; }
            }
        }));
        return cmd;
    }

    private static ClusterTickResult RunOnce(CliContext ctx, StoreGate store, ILogger log, bool campaigns, Bus.IBus? bus) =>
        campaigns ? new CampaignClusterer(ctx.Time, log).Tick(store, bus, null) : new IdentityClusterer(ctx.Time, log).Tick(store, bus, null);

    private static void Report(CliContext ctx, string name, ClusterTickResult r)
    {
        var unit = name == "clusterer" ? "attackers" : "identities";
        var group = name == "clusterer" ? "identities" : "campaigns";
        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {r.Units} {unit} in {r.Components} {group}, {r.RecordsWritten} written, {r.Events} events, {r.Elapsed.TotalMilliseconds:0} ms"));
        ctx.Out.Flush();
    }
}
