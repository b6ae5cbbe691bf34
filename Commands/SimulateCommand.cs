using System.CommandLine;
using System.Globalization;
using Decnet.Engine.Ingest;
using Decnet.Engine.Simulation;

namespace Decnet.Commands;

/// <summary>`decnet simulate`: truth-labelled synthetic honeypot traffic (Cowrie JSON or decnet JSONL) and its truth file.</summary>
public static class SimulateCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var seed = new Option<int>("--seed") { Description = "random seed; the same seed gives byte-identical output (default 1)", DefaultValueFactory = _ => 1 };
        var scenario = new Option<string>("--scenario") { Description = "scenario: " + string.Join(", ", Scenarios.Names) + " (default mixed)", DefaultValueFactory = _ => Scenarios.Mixed };
        scenario.AcceptOnlyFromAmong(Scenarios.Names);
        var attackers = new Option<int>("--attackers") { Description = "number of source IPs (default 500)", DefaultValueFactory = _ => 500 };
        attackers.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--attackers must be 1 or more"); });
        var format = new Option<string>("--format") { Description = "cowrie (default) or jsonl", DefaultValueFactory = _ => "cowrie" };
        format.AcceptOnlyFromAmong("cowrie", "jsonl");
        var truth = new Option<string?>("--truth") { Description = "write the true identity/campaign of every IP here (JSON Lines)" };
        var output = new Option<string>("--out") { Description = "events file, or - for stdout (default)", DefaultValueFactory = _ => "-" };
        var start = new Option<string?>("--start") { Description = "start of the simulated period, ISO 8601 UTC (default 2026-01-05T00:00:00Z)" };
        var cmd = new Command("simulate", "write truth-labelled simulated attack traffic") { seed, scenario, attackers, format, truth, output, start };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => Task.FromResult(Run(ctx, pr.GetValue(seed), pr.GetValue(scenario)!,
            pr.GetValue(attackers), pr.GetValue(format)!, pr.GetValue(truth), pr.GetValue(output)!, pr.GetValue(start), ct))));
        root.Subcommands.Add(cmd);
    }

    private static int Run(CliContext ctx, int seed, string scenario, int attackers, string format, string? truthPath, string outPath,
        string? startText, CancellationToken ct)
    {
        var start = Scenarios.DefaultStart;
        if (startText is not null && !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start))
            return ctx.Fail(ExitCodes.Usage, $"--start: '{startText}' is not an ISO 8601 time");

        var population = Scenarios.Generate(scenario, attackers, start, new Random(seed));
        var events = 0L;
        using (var stream = outPath == "-" ? new BufferedStream(new TextWriterStream(ctx.Out), 1 << 16) : (Stream)File.Create(outPath))
        {
            if (format == "jsonl")
            {
                using var writer = new JsonlEventWriter(stream, leaveOpen: true);
                foreach (var e in population.Events())
                {
                    ct.ThrowIfCancellationRequested();
                    writer.Write(e.Event);
                    events++;
                }
            }
            else
            {
                using var writer = new CowrieEventWriter(stream);
                foreach (var e in population.Events())
                {
                    ct.ThrowIfCancellationRequested();
                    writer.Write(e);
                    events++;
                }
            }
            stream.Flush();
        }
        if (truthPath is not null)
        {
            using var truth = File.Create(truthPath);
            TruthFile.Write(truth, population.Truth());
        }
        var identities = population.Attackers.Select(a => a.Identity).Distinct().Count();
        var campaigns = population.Attackers.Select(a => a.Campaign).Where(c => c.Length > 0).Distinct().Count();
        // The summary goes to stderr: stdout may be the event stream itself.
        ctx.Err.WriteLine($"simulated {scenario} (seed {seed}): {population.Attackers.Count:N0} IPs, {identities:N0} identities, {campaigns:N0} campaigns, {events:N0} events"
                          + (outPath == "-" ? "" : $" -> {outPath}") + (truthPath is null ? "" : $", truth -> {truthPath}"));
        return ExitCodes.Ok;
    }
}
