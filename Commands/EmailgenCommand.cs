using System.CommandLine;
using System.Globalization;
using Decnet.Engine.Emailgen;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Commands;

/// <summary>`decnet emailgen personas …|generate|list`: believable mailboxes for the IMAP/POP3 deckies.</summary>
public static class EmailgenCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var group = new Command("emailgen", "threaded mail between company personas, delivered into the IMAP/POP3 deckies' Maildirs");
        group.Subcommands.Add(Personas(host));
        group.Subcommands.Add(Generate(host));
        group.Subcommands.Add(List(host));
        root.Subcommands.Add(group);
    }

    private static Command Personas(CommandHost host)
    {
        var personas = new Command("personas", "the people whose mail fills the mailboxes");

        var count = new Option<int>("--count") { Description = "how many personas", Required = true };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() is <= 0 or > 10_000) r.AddError("--count must be 1 to 10000"); });
        var domain = new Option<string>("--domain") { Description = "their mail domain (e.g. corp.example)", Required = true };
        domain.Validators.Add(r => { var d = r.GetValueOrDefault<string>(); if (d is null || !PersonaGenerator.IsValidDomain(d.Trim().ToLowerInvariant())) r.AddError($"--domain: '{d}' is not a mail domain (e.g. corp.example)"); });
        var seed = new Option<int?>("--seed") { Description = "random seed (same seed, same personas)" };
        var language = LanguageOption();
        var scope = new Option<string>("--scope") { Description = "global (default) or the topology they belong to", DefaultValueFactory = _ => Persona.GlobalScope };
        var genJson = new Option<bool>("--json") { Description = "print the new personas as one JSON array" };
        var generate = new Command("generate", "make personas from the embedded word lists and store them") { count, domain, seed, language, scope, genJson };
        generate.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "emailgen personas generate", store =>
        {
            var d = pr.GetValue(domain)!.Trim().ToLowerInvariant();
            var rng = new Random(pr.GetValue(seed) ?? Random.Shared.Next());
            var taken = store.Personas.List(d).Select(p => p.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var made = PersonaGenerator.Generate(pr.GetValue(count), d, rng, pr.GetValue(language)!, taken, pr.GetValue(scope)!);
            store.Personas.Upsert(made);
            if (pr.GetValue(genJson)) ctx.Out.WriteLine(PersonaFormats.ToJson(made));
            else
            {
                WritePersonaTable(ctx.Out, made);
                ctx.Out.WriteLine($"stored {made.Count} persona(s) on {d}");
            }
            return ExitCodes.Ok;
        }, ct)));
        personas.Subcommands.Add(generate);

        var listDomain = new Option<string?>("--domain") { Description = "only this domain" };
        var listJson = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var list = new Command("list", "stored personas") { listDomain, listJson };
        list.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "emailgen personas list", store =>
        {
            var all = store.Personas.List(pr.GetValue(listDomain));
            if (pr.GetValue(listJson)) ctx.Out.WriteLine(PersonaFormats.ToJson(all));
            else WritePersonaTable(ctx.Out, all);
            return ExitCodes.Ok;
        }, ct)));
        personas.Subcommands.Add(list);

        var email = new Argument<string>("email") { Description = "the persona's address" };
        var showJson = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var show = new Command("show", "one persona") { email, showJson };
        show.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "emailgen personas show", store =>
        {
            var p = store.Personas.Get(pr.GetValue(email)!);
            if (p is null) return ctx.Fail(ExitCodes.Failure, $"no persona '{pr.GetValue(email)}' in {ctx.Settings.DataDir}; see 'decnet emailgen personas list'");
            if (pr.GetValue(showJson)) { ctx.Out.WriteLine(PersonaFormats.ToJsonObject(p)); return ExitCodes.Ok; }
            var t = new TableWriter("FIELD", "VALUE");
            t.Add("email", p.Email); t.Add("name", p.DisplayName); t.Add("role", p.Role); t.Add("department", p.Department);
            t.Add("language", p.Language); t.Add("timezone", p.TimeZone); t.Add("working hours", $"{p.WorkStartHour:00}:00-{p.WorkEndHour:00}:00 Mon-Fri");
            t.Add("style", Persona.StyleName(p.Style)); t.Add("scope", p.Scope);
            t.WriteTo(ctx.Out);
            return ExitCodes.Ok;
        }, ct)));
        personas.Subcommands.Add(show);

        var file = new Argument<string>("file") { Description = "a JSON array (as `export --json` writes) or tab-separated lines (as `export` writes); - = stdin" };
        var import = new Command("import", "add or replace personas from a file") { file };
        import.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            string text;
            try
            {
                if (path == "-") { using var r = new StreamReader(ctx.OpenStdin()); text = r.ReadToEnd(); }
                else text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Task.FromResult(ctx.Fail(ExitCodes.Failure, $"cannot read {path}: {e.Message}")); }
            var errors = new List<string>();
            var parsed = PersonaFormats.Parse(text, path, errors);
            foreach (var e in errors) ctx.Err.WriteLine("decnet: " + e);
            if (parsed.Count == 0) return Task.FromResult(ctx.Fail(ExitCodes.Failure, $"no valid persona in {path}; nothing imported"));
            return StoreAccess.RunAsync(ctx, host, "emailgen personas import", store =>
            {
                var added = store.Personas.Upsert(parsed);
                ctx.Out.WriteLine($"imported {parsed.Count} persona(s) from {path}: {added} new, {parsed.Count - added} replaced, {errors.Count} skipped");
                return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
            }, ct);
        }));
        personas.Subcommands.Add(import);

        var exportDomain = new Option<string?>("--domain") { Description = "only this domain" };
        var exportJson = new Option<bool>("--json") { Description = "a JSON array instead of tab-separated lines" };
        var export = new Command("export", "every stored persona on stdout, in a form `personas import` reads back") { exportDomain, exportJson };
        export.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "emailgen personas export", store =>
        {
            var all = store.Personas.List(pr.GetValue(exportDomain));
            if (pr.GetValue(exportJson)) ctx.Out.WriteLine(PersonaFormats.ToJson(all));
            else ctx.Out.Write(PersonaFormats.ToTsv(all));
            return ExitCodes.Ok;
        }, ct)));
        personas.Subcommands.Add(export);
        return personas;
    }

    private static Option<string> LanguageOption()
    {
        var language = new Option<string>("--language") { Description = "en (default), es, or mixed", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong([.. WordList.Languages, "mixed"]);
        return language;
    }

    private static Command Generate(CommandHost host)
    {
        var decky = new Option<string>("--decky") { Description = "the IMAP/POP3 decky whose mailboxes to fill (its spool directory)", Required = true };
        decky.Validators.Add(r => { var d = r.GetValueOrDefault<string>(); if (d is null || !MaildirSpool.IsValidName(d) || d.Contains('.')) r.AddError($"--decky: '{d}' is not a decky name (letters, digits, _ -)"); });
        var count = new Option<int>("--count") { Description = "messages to write (default 50)", DefaultValueFactory = _ => 50 };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() is <= 0 or > 1_000_000) r.AddError("--count must be 1 to 1000000"); });
        var since = new Option<string>("--since") { Description = "spread the messages over this past window: 30d (default), 12h, 2w", DefaultValueFactory = _ => "30d" };
        since.Validators.Add(r => { if (!DurationText.TryParse(r.GetValueOrDefault<string>(), out _)) r.AddError($"--since: '{r.GetValueOrDefault<string>()}' is not a duration like 30d, 12h, 90m or 2w"); });
        var seed = new Option<int?>("--seed") { Description = "random seed (same seed, same personas and mail)" };
        var spool = new Option<string?>("--spool") { Description = "spool root (default: the emailgen spool setting, <data-dir>/mail)" };
        var domain = new Option<string>("--domain") { Description = "mail domain of the personas (default corp.example); stored personas of it are used, topped up to 8", DefaultValueFactory = _ => "corp.example" };
        domain.Validators.Add(r => { var d = r.GetValueOrDefault<string>(); if (d is null || !PersonaGenerator.IsValidDomain(d.Trim().ToLowerInvariant())) r.AddError($"--domain: '{d}' is not a mail domain"); });
        var language = LanguageOption();
        var cmd = new Command("generate", "write threaded conversations into <spool>/<decky>/<user>/Maildir and record them") { decky, count, since, seed, spool, domain, language };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var options = EmailgenOptions.From(ctx.Settings);
            var root = pr.GetValue(spool) is { Length: > 0 } s ? Path.GetFullPath(s) : options.Spool;
            var seedValue = pr.GetValue(seed) ?? Random.Shared.Next();
            DurationText.TryParse(pr.GetValue(since), out var window);
            var d = pr.GetValue(domain)!.Trim().ToLowerInvariant();
            var log = ctx.Logs.CreateLogger("decnet.emailgen");
            return StoreAccess.RunAsync(ctx, host, "emailgen generate", store =>
            {
                var rng = new Random(seedValue);
                var (personas, added) = MailboxBatch.EnsurePersonas(store.Personas.List(d), d, [], 8, pr.GetValue(language)!, Persona.GlobalScope, rng);
                if (added.Count > 0) store.Personas.Upsert(added);
                var backend = options.CreateBackend(log, ctx.Time);
                try
                {
                    var to = ctx.Time.GetUtcNow();
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    // The store is held for the whole run so the records and the files agree; offline completes synchronously.
                    var records = MailboxBatch.GenerateAsync(new ConversationGenerator(backend), new MailDelivery(new MaildirSpool(root)), pr.GetValue(decky)!,
                        personas, pr.GetValue(count), to - window, to, rng, ct).GetAwaiter().GetResult();
                    store.Mail.Add(records);
                    var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                    var threads = records.Select(r => r.ThreadId).Distinct().Count();
                    ctx.Out.WriteLine($"wrote {records.Count} message(s) in {threads} thread(s) by {personas.Count} persona(s) on {d} into {Path.Combine(root, pr.GetValue(decky)!)} " +
                                      $"({took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s, backend {backend.Name}, seed {seedValue})");
                    if (added.Count > 0) ctx.Out.WriteLine($"stored {added.Count} new persona(s) on {d}");
                    if (backend is OllamaBackend { Fallbacks: > 0 } o)
                        ctx.Err.WriteLine($"decnet: ollama failed ({o.LastError}); {o.Fallbacks} message(s) were written by the offline backend instead");
                    return ExitCodes.Ok;
                }
                finally { (backend as IDisposable)?.Dispose(); }
            }, ct);
        }));
        return cmd;
    }

    private static Command List(CommandHost host)
    {
        var decky = new Option<string?>("--decky") { Description = "only this decky" };
        var limit = new Option<int>("--limit") { Description = "at most N messages, newest first (default 100; 0 = all)", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--limit must be 0 or more"); });
        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var cmd = new Command("list", "messages emailgen delivered, newest first") { decky, limit, json };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "emailgen list", store =>
        {
            var n = pr.GetValue(limit);
            var records = store.Mail.List(pr.GetValue(decky), n == 0 ? int.MaxValue : n);
            if (pr.GetValue(json)) { ctx.Out.WriteLine(MailRecordJson.ToJson(records)); return ExitCodes.Ok; }
            var t = new TableWriter("DATE", "DECKY", "FROM", "TO", "SUBJECT");
            foreach (var r in records)
                t.Add(r.Date.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture), r.Decky, r.From, string.Join(",", r.To.Concat(r.Cc)), r.Subject);
            t.WriteTo(ctx.Out);
            return ExitCodes.Ok;
        }, ct)));
        return cmd;
    }

    private static void WritePersonaTable(TextWriter output, IEnumerable<Persona> personas)
    {
        var t = new TableWriter("EMAIL", "NAME", "ROLE", "DEPARTMENT", "LANG", "TIMEZONE", "HOURS", "STYLE", "SCOPE");
        foreach (var p in personas)
            t.Add(p.Email, p.DisplayName, p.Role, p.Department, p.Language, p.TimeZone, $"{p.WorkStartHour:00}-{p.WorkEndHour:00}", Persona.StyleName(p.Style), p.Scope);
        t.WriteTo(output);
    }
}
