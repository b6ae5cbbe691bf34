using System.CommandLine;
using System.Globalization;
using Decnet.Bus;
using Decnet.Engine.Topology;
using Decnet.Storage;

namespace Decnet.Commands;

/// <summary>`decnet topology generate|validate|deploy|teardown|delete|list|show`: MazeNET nested decoy networks.</summary>
public static class TopologyCommand
{
    public const string DefaultSubnetBase = "10.128.0.0/9";

    public static void Register(RootCommand root, CommandHost host)
    {
        var group = new Command("topology", "MazeNET: plan, store, show, deploy and tear down nested decoy networks");
        group.Subcommands.Add(Generate(host));
        group.Subcommands.Add(Validate(host));
        group.Subcommands.Add(Deploy(host));
        group.Subcommands.Add(Teardown(host));
        group.Subcommands.Add(Delete(host));
        group.Subcommands.Add(List(host));
        group.Subcommands.Add(Show(host));
        root.Subcommands.Add(group);
    }

    private static Argument<string> IdArgument() => new("id") { Description = "topology id (or its name)" };

    private static Command Generate(CommandHost host)
    {
        var name = new Option<string>("--name") { Description = "a name for the topology (unique)", Required = true };
        name.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>() ?? "";
            if (v.Length is 0 or > 64 || v.AsSpan().IndexOfAnyExcept(NameChars) >= 0)
                r.AddError($"--name '{v}': use 1-64 letters, digits, '-' or '_'");
        });
        var depth = new Option<int>("--depth") { Description = $"LAN levels including the DMZ, 1-{TopologyGenerator.MaxDepth} (default 3)", DefaultValueFactory = _ => 3 };
        var branching = new Option<int>("--branching") { Description = $"at most this many child LANs per LAN, 1-{TopologyGenerator.MaxBranching} (default 3)", DefaultValueFactory = _ => 3 };
        var perLan = new Option<string>("--deckies-per-lan") { Description = "MIN-MAX deckies per LAN (default 1-3)", DefaultValueFactory = _ => "1-3" };
        var cross = new Option<double>("--cross-edges") { Description = "probability 0-1 that a LAN gets an extra link to another LAN (default 0)", DefaultValueFactory = _ => 0 };
        var subnetBase = new Option<string>("--subnet-base") { Description = $"CIDR the /24 LANs are taken from (default {DefaultSubnetBase})", DefaultValueFactory = _ => DefaultSubnetBase };
        var seed = new Option<int?>("--seed") { Description = "seed: the same seed and options give the same topology (default: random, stored)" };
        var mix = new Option<string?>("--archetype-mix") { Description = "archetype weights, e.g. workstation=5,web-server=2,database=1 (default: every archetype, see 'decnet archetypes')" };
        var json = new Option<bool>("--json") { Description = "print the stored topology as one JSON object" };
        var command = new Command("generate", "plan a topology from a seed and store it (status pending)") { name, depth, branching, perLan, cross, subnetBase, seed, mix, json };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            if (!TryRange(pr.GetValue(perLan)!, out var min, out var max))
                return Task.FromResult(ctx.Fail(ExitCodes.Usage, $"--deckies-per-lan '{pr.GetValue(perLan)}': expected MIN-MAX, e.g. 2-4"));
            if (!Subnet.TryParse(pr.GetValue(subnetBase)!, out var @base, out var baseError))
                return Task.FromResult(ctx.Fail(ExitCodes.Usage, "--subnet-base " + baseError));
            IReadOnlyList<ArchetypeWeight> weights = ArchetypeMix.Default;
            if (pr.GetValue(mix) is { } mixText && !ArchetypeMix.TryParse(mixText, out weights, out var mixError))
                return Task.FromResult(ctx.Fail(ExitCodes.Usage, mixError));
            var parameters = new TopologyParameters(pr.GetValue(seed) ?? Random.Shared.Next(), pr.GetValue(depth), pr.GetValue(branching),
                min, max, pr.GetValue(cross), @base, weights);
            try { TopologyGenerator.Check(parameters); }
            catch (TopologyGenerationException e) { return Task.FromResult(ctx.Fail(ExitCodes.Usage, e.Message)); }
            return StoreAccess.RunAsync(ctx, host, "topology generate", store =>
            {
                var taken = store.Topologies.Subnets().Select(s => s.Subnet).ToArray();
                Topology t;
                try { t = TopologyGenerator.Generate(TopologyIds.New(Random.Shared), pr.GetValue(name)!, parameters, taken, ctx.Time.GetUtcNow()); }
                catch (TopologyGenerationException e) { return ctx.Fail(ExitCodes.Failure, e.Message); }
                var problems = TopologyValidator.Validate(t, store.Topologies.Subnets());
                if (problems.Count > 0)
                {
                    // A generator bug, never the operator's input: say so and store nothing.
                    foreach (var p in problems) ctx.Err.WriteLine("decnet: " + p);
                    return ctx.Fail(ExitCodes.Failure, $"generated topology failed validation ({problems.Count} problems); nothing stored");
                }
                try { store.Topologies.Insert(t); }
                catch (InvalidOperationException e) { return ctx.Fail(ExitCodes.Failure, e.Message); }
                if (pr.GetValue(json)) ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(TopologyJson.Write(t)));
                else
                {
                    ctx.Out.WriteLine($"generated topology {t.Name} ({t.Id}): {t.Lans.Count} LANs, {t.Deckies.Count} deckies, {t.Edges.Count(e => e.Cross)} cross-links, seed {t.Parameters.Seed}");
                    ctx.Out.WriteLine($"subnets {t.Lans[0].Subnet} .. {t.Lans[^1].Subnet}; status pending");
                    ctx.Out.WriteLine($"next: decnet topology show {t.Id} --format tree; decnet topology deploy {t.Id} --dry-run");
                }
                return ExitCodes.Ok;
            }, ct);
        }));
        return command;
    }

    private static Command Validate(CommandHost host)
    {
        var id = IdArgument();
        var command = new Command("validate", "check a stored topology; each problem is one line naming the object") { id };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "topology validate", store =>
        {
            if (Load(ctx, store, pr.GetValue(id)!) is not { } t) return ExitCodes.Failure;
            var problems = TopologyValidator.Validate(t, store.Topologies.Subnets(t.Id));
            foreach (var p in problems) ctx.Out.WriteLine(p);
            if (problems.Count > 0) return ctx.Fail(ExitCodes.Failure, $"topology {t.Name} ({t.Id}): {problems.Count} problem(s)");
            ctx.Out.WriteLine($"topology {t.Name} ({t.Id}) is valid: {t.Lans.Count} LANs, {t.Deckies.Count} deckies, {t.Edges.Count} edges");
            return ExitCodes.Ok;
        }, ct)));
        return command;
    }

    private static Command Deploy(CommandHost host)
    {
        var id = IdArgument();
        var dryRun = new Option<bool>("--dry-run") { Description = "write the Compose file and stop" };
        var outDir = new Option<string?>("--out") { Description = "directory for docker-compose.yml (default <data-dir>/topologies/<id>)" };
        var command = new Command("deploy", "validate, render the Compose project and run 'docker compose up'") { id, dryRun, outDir };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => ScopedStoreAccess.RunAsync(ctx, host, "topology deploy", async scope =>
        {
            // Forwarded command lines run in the supervisor's working directory, not the caller's.
            if (ctx.Supervisor is not null && pr.GetValue(outDir) is { } o && !Path.IsPathFullyQualified(o))
                return ctx.Fail(ExitCodes.Usage, $"--out '{o}': give an absolute path (the running supervisor writes the file)");
            var (t, problems) = scope.Use(s => Load(ctx, s, pr.GetValue(id)!) is { } found
                ? (found, TopologyValidator.Validate(found, s.Topologies.Subnets(found.Id)))
                : ((Topology?)null, (IReadOnlyList<string>)[]));
            if (t is null) return ExitCodes.Failure;
            if (problems.Count > 0)
            {
                foreach (var p in problems) ctx.Out.WriteLine(p);
                return ctx.Fail(ExitCodes.Failure, $"topology {t.Name} ({t.Id}) does not validate ({problems.Count} problem(s)); not deployed");
            }
            var file = WriteCompose(ctx, t, pr.GetValue(outDir));
            var services = ComposeRenderer.ContainerNames(t).Count;
            if (pr.GetValue(dryRun))
            {
                ctx.Out.WriteLine($"wrote {file}: {services} containers on {t.Lans.Count} networks; dry run, nothing deployed (status stays {t.Status.Name()})");
                return ExitCodes.Ok;
            }
            var outcome = await Lifecycle(ctx, scope).DeployAsync(t, file, ct).ConfigureAwait(false);
            ctx.Out.WriteLine($"topology {t.Name} ({t.Id}): {outcome.Topology.Status.Name()}: {outcome.Message}");
            ctx.Out.WriteLine($"compose file {file}");
            return outcome.Succeeded ? ExitCodes.Ok : ctx.Fail(ExitCodes.Failure, $"deploy of {t.Id} ended {outcome.Topology.Status.Name()}: {outcome.Message}");
        }, ct)));
        return command;
    }

    private static Command Teardown(CommandHost host)
    {
        var id = IdArgument();
        var command = new Command("teardown", "run 'docker compose down' for a deployed topology (→ torn_down)") { id };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => ScopedStoreAccess.RunAsync(ctx, host, "topology teardown", async scope =>
        {
            var t = scope.Use(s => Load(ctx, s, pr.GetValue(id)!));
            if (t is null) return ExitCodes.Failure;
            if (t.Status != TopologyStatus.TearingDown && !TopologyStatusMachine.IsLegal(t.Status, TopologyStatus.TearingDown))
                return ctx.Fail(ExitCodes.Failure, $"topology {t.Id}: illegal status change {t.Status.Name()} → {TopologyStatus.TearingDown.Name()} (nothing is deployed)");
            var file = WriteCompose(ctx, t, null);
            var outcome = await Lifecycle(ctx, scope).TeardownAsync(t, file, ct).ConfigureAwait(false);
            if (!outcome.Succeeded) return ctx.Fail(ExitCodes.Failure, $"teardown of {t.Id}: {outcome.Message}");
            ctx.Out.WriteLine($"topology {t.Name} ({t.Id}): torn_down: {outcome.Message}");
            return ExitCodes.Ok;
        }, ct)));
        return command;
    }

    private static Command Delete(CommandHost host)
    {
        var id = IdArgument();
        var command = new Command("delete", "forget a topology that is torn down or was never deployed") { id };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "topology delete", store =>
        {
            if (Load(ctx, store, pr.GetValue(id)!) is not { } t) return ExitCodes.Failure;
            try { store.Topologies.Delete(t.Id, t.Version); }
            catch (InvalidOperationException e) { return ctx.Fail(ExitCodes.Failure, e.Message); }
            var dir = DefaultComposeDir(ctx, t);
            try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
            catch (IOException e) { ctx.Err.WriteLine($"decnet: could not remove {dir}: {e.Message}"); }
            ctx.Out.WriteLine($"deleted topology {t.Name} ({t.Id}); its subnets are free again");
            return ExitCodes.Ok;
        }, ct)));
        return command;
    }

    private static Command List(CommandHost host)
    {
        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var command = new Command("list", "stored topologies") { json };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "topology list", store =>
        {
            var list = store.Topologies.List();
            if (pr.GetValue(json)) { ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(TopologyJson.WriteList(list))); return ExitCodes.Ok; }
            var table = new TableWriter("ID", "NAME", "STATUS", "LANS", "DECKIES", "SEED", "VERSION", "UPDATED");
            foreach (var s in list)
                table.Add(s.Id, s.Name, s.Status.Name(), N(s.LanCount), N(s.DeckyCount), N(s.Seed), s.Version.ToString(CultureInfo.InvariantCulture),
                    s.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            table.WriteTo(ctx.Out);
            if (list.Count == 0) ctx.Out.WriteLine("(no topologies yet: 'decnet topology generate --name NAME')");
            return ExitCodes.Ok;
        }, ct)));
        return command;
    }

    private static Command Show(CommandHost host)
    {
        var id = IdArgument();
        var json = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var format = new Option<string?>("--format") { Description = "tree (indented text) or dot (Graphviz)" };
        format.AcceptOnlyFromAmong("tree", "dot");
        var command = new Command("show", "one topology: summary and tree, --format tree|dot, or --json") { id, json, format };
        command.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            if (pr.GetValue(json) && pr.GetValue(format) is not null)
                return Task.FromResult(ctx.Fail(ExitCodes.Usage, "give --json or --format, not both"));
            return StoreAccess.RunAsync(ctx, host, "topology show", store =>
            {
                if (Load(ctx, store, pr.GetValue(id)!) is not { } t) return ExitCodes.Failure;
                if (pr.GetValue(json)) ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(TopologyJson.Write(t)));
                else if (pr.GetValue(format) == "dot") TopologyDotWriter.Write(ctx.Out, t);
                else if (pr.GetValue(format) == "tree") TopologyTreeWriter.Write(ctx.Out, t);
                else WriteDetail(ctx.Out, t);
                return ExitCodes.Ok;
            }, ct);
        }));
        return command;
    }

    private static void WriteDetail(TextWriter o, Topology t)
    {
        var p = t.Parameters;
        o.WriteLine($"id            {t.Id}");
        o.WriteLine($"name          {t.Name}");
        o.WriteLine($"status        {t.Status.Name()} (version {t.Version})");
        o.WriteLine($"created       {TopologyJson.Time(t.CreatedAt)}");
        o.WriteLine($"updated       {TopologyJson.Time(t.UpdatedAt)}");
        o.WriteLine($"parameters    seed {p.Seed}, depth {p.Depth}, branching {p.Branching}, deckies/LAN {p.DeckiesMin}-{p.DeckiesMax}, cross-edges {p.CrossEdges.ToString(CultureInfo.InvariantCulture)}, base {p.SubnetBase}");
        o.WriteLine($"mix           {ArchetypeMix.Format(p.ArchetypeMix)}");
        o.WriteLine($"size          {t.Lans.Count} LANs, {t.Deckies.Count} deckies, {t.Edges.Count} edges ({t.Edges.Count(e => e.Cross)} cross-links)");
        o.WriteLine($"events        {t.Events.Count}");
        foreach (var e in t.Events) o.WriteLine($"  {TopologyJson.Time(e.At)}  {e.From.Name()} → {e.To.Name()}  {e.Reason}");
        o.WriteLine();
        TopologyTreeWriter.Write(o, t);
    }

    private static Topology? Load(CliContext ctx, DecnetStore store, string idOrName)
    {
        var t = store.Topologies.Find(idOrName);
        if (t is null) ctx.Fail(ExitCodes.Failure, $"no topology '{idOrName}' in {ctx.Settings.DataDir} (see 'decnet topology list')");
        return t;
    }

    private static TopologyLifecycle Lifecycle(CliContext ctx, IStoreScope scope) =>
        new(scope, new ProcessRunner(), ctx.Time, (t, e) =>
        {
            // Inside the supervisor the bus is right here. A one-shot command owning the store means no supervisor
            // (and no broker) runs, so there is nobody to tell; the stored event is the record either way.
            ctx.Supervisor?.Bus?.Publish(Topics.TopologyStatus(t.Id), TopologyStatusMessage.Type, TopologyStatusMessage.Payload(t, e));
            ctx.Err.WriteLine($"decnet: topology {t.Id}: {e.From.Name()} → {e.To.Name()} ({e.Reason})");
        });

    private static string DefaultComposeDir(CliContext ctx, Topology t) => Path.Combine(ctx.Settings.DataDir, "topologies", t.Id);

    private static string WriteCompose(CliContext ctx, Topology t, string? outDir)
    {
        var dir = Path.GetFullPath(outDir ?? DefaultComposeDir(ctx, t));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "docker-compose.yml");
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, ComposeRenderer.Render(t, Engine.Emailgen.EmailgenOptions.From(ctx.Settings).Spool));
        File.Move(tmp, file, overwrite: true);
        return file;
    }

    private static bool TryRange(string text, out int min, out int max)
    {
        min = max = 0;
        var dash = text.IndexOf('-');
        if (dash < 0) return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out min) && (max = min) >= 0;
        return int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out min)
            && int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out max);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
