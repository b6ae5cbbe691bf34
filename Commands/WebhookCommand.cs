using System.CommandLine;
using System.Globalization;
using System.Text;
using Decnet.Bus;
using Decnet.Engine.Ingest;
using Decnet.Engine.Webhooks;
using Decnet.Storage;

namespace Decnet.Commands;

/// <summary>`decnet webhook ...`: signed webhook subscriptions, their outbox, replay and a test send.</summary>
public static class WebhookCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var group = new Command("webhook", "signed webhooks: subscriptions, deliveries, replay");
        group.Subcommands.Add(Add(host));
        group.Subcommands.Add(List(host));
        group.Subcommands.Add(Show(host));
        group.Subcommands.Add(Simple(host, "remove", "delete a subscription (its pending deliveries become dead)", (ctx, store, sub) =>
        {
            var dropped = store.Webhooks.DeleteSubscription(sub.Id, ctx.Time.GetUtcNow());
            ctx.Out.WriteLine($"removed webhook {sub.Name} ({sub.Id}); {dropped} pending deliveries marked dead");
            return "removed";
        }));
        group.Subcommands.Add(Simple(host, "enable", "resume deliveries to a subscription", (ctx, store, sub) =>
        {
            store.Webhooks.UpdateSubscription(sub with { Enabled = true });
            ctx.Out.WriteLine($"webhook {sub.Name} enabled");
            return "enabled";
        }));
        group.Subcommands.Add(Simple(host, "disable", "stop delivering to a subscription (nothing is stored for it meanwhile)", (ctx, store, sub) =>
        {
            store.Webhooks.UpdateSubscription(sub with { Enabled = false });
            ctx.Out.WriteLine($"webhook {sub.Name} disabled");
            return "disabled";
        }));
        group.Subcommands.Add(RotateSecret(host));
        group.Subcommands.Add(Test(host));
        group.Subcommands.Add(Deliveries(host));
        group.Subcommands.Add(Replay(host));
        root.Subcommands.Add(group);
    }

    private static Command Add(CommandHost host)
    {
        var name = new Option<string>("--name") { Description = "a unique name (letters, digits, - _ .)", Required = true };
        var url = new Option<string>("--url") { Description = "the receiver, https://... (http:// is accepted with a warning)", Required = true };
        var pattern = new Option<string[]>("--pattern") { Description = "bus topic pattern (NATS style: * one token, > the rest), repeatable", Required = true, AllowMultipleArgumentsPerToken = false };
        var secret = new Option<string?>("--secret") { Description = "the signing secret (default: a generated whsec_ secret)" };
        var allowPrivate = new Option<bool>("--allow-private") { Description = "allow loopback/private/link-local receivers (an internal SIEM)" };
        var rate = new Option<string?>("--rate") { Description = "at most N deliveries per second, e.g. 20/s (default unlimited)" };
        var cmd = new Command("add", "add a subscription; prints its id and secret once") { name, url, pattern, secret, allowPrivate, rate };
        cmd.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            var n = pr.GetValue(name)!;
            if (!WebhookRules.IsValidName(n, out var error)) return ctx.Fail(ExitCodes.Usage, error);
            if (!WebhookUrl.TryParse(pr.GetValue(url)!, out var uri, out error, out var warning)) return ctx.Fail(ExitCodes.Usage, "--url " + error);
            if (!WebhookRules.TryValidatePatterns(pr.GetValue(pattern) ?? [], out var patterns, out error)) return ctx.Fail(ExitCodes.Usage, error);
            var s = pr.GetValue(secret);
            if (s is not null && !WebhookSecret.IsValid(s, out error)) return ctx.Fail(ExitCodes.Usage, "--secret: " + error);
            double? perSecond = null;
            if (pr.GetValue(rate) is { } rateText)
            {
                if (!WebhookRules.TryParseRate(rateText, out var r, out error)) return ctx.Fail(ExitCodes.Usage, error);
                perSecond = r;
            }
            var settings = WebhookSettings.From(ctx.Settings);
            var allow = pr.GetValue(allowPrivate);
            if (!allow && !settings.AllowPrivate)
            {
                try { await new GuardedConnector(allowPrivate: false).VetAsync(uri.IdnHost, ct).ConfigureAwait(false); }
                catch (WebhookRefusedException refused) { return ctx.Fail(ExitCodes.Usage, "--url refused: " + refused.Message); }
                catch (HttpRequestException e) { ctx.Err.WriteLine($"decnet: warning: {e.Message}; the address is checked again at every delivery"); }
            }
            if (warning is not null) ctx.Err.WriteLine("decnet: warning: " + warning);
            var sub = new WebhookSubscription(WebhookRules.NewId(), n, uri.AbsoluteUri, patterns, s ?? WebhookSecret.Generate(), null, null,
                allow, perSecond, true, ctx.Time.GetUtcNow());
            return await StoreAccess.RunAsync(ctx, host, "webhook add", store =>
            {
                if (store.Webhooks.FindSubscription(n) is not null) return ctx.Fail(ExitCodes.Usage, $"a webhook named '{n}' already exists (remove it first, or pick another --name)");
                store.Webhooks.InsertSubscription(sub);
                Announce(ctx, sub.Name, "added");
                ctx.Out.WriteLine($"added webhook {sub.Name} ({sub.Id}) -> {sub.Url} [{string.Join(", ", sub.Patterns)}]");
                ctx.Out.WriteLine($"id      {sub.Id}");
                ctx.Out.WriteLine($"secret  {sub.Secret}");
                ctx.Out.WriteLine("(the secret is shown once: give it to the receiver now)");
                return ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
        }));
        return cmd;
    }

    private static Command List(CommandHost host)
    {
        var json = new Option<bool>("--json") { Description = "one JSON array on stdout (never includes secrets)" };
        var cmd = new Command("list", "list subscriptions") { json };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "webhook list", store =>
        {
            var subs = store.Webhooks.ListSubscriptions();
            if (pr.GetValue(json)) { WebhookJson.WriteSubscriptions(ctx.Out, subs, ctx.Time.GetUtcNow()); return ExitCodes.Ok; }
            var table = new TableWriter("NAME", "ID", "STATE", "URL", "PATTERNS", "RATE", "PENDING");
            foreach (var s in subs)
                table.Add(s.Name, s.Id, s.Enabled ? "enabled" : "disabled", s.Url, string.Join(",", s.Patterns), WebhookRules.FormatRate(s.RatePerSecond),
                    store.Webhooks.ListDeliveries(s.Id, DeliveryStatus.Pending, 100_000).Count.ToString(CultureInfo.InvariantCulture));
            table.WriteTo(ctx.Out);
            if (subs.Count == 0) ctx.Out.WriteLine("(no webhooks: add one with 'decnet webhook add --name N --url URL --pattern P')");
            return ExitCodes.Ok;
        }, ct)));
        return cmd;
    }

    private static Command Show(CommandHost host)
    {
        var json = new Option<bool>("--json") { Description = "one JSON object on stdout (never includes secrets)" };
        var name = new Argument<string>("name") { Description = "subscription name or id" };
        var cmd = new Command("show", "one subscription and its delivery counts") { name, json };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "webhook show", store =>
        {
            var sub = store.Webhooks.FindSubscription(pr.GetValue(name)!);
            if (sub is null) return NotFound(ctx, pr.GetValue(name)!);
            var now = ctx.Time.GetUtcNow();
            if (pr.GetValue(json)) { WebhookJson.WriteSubscription(ctx.Out, sub, now); return ExitCodes.Ok; }
            var o = ctx.Out;
            o.WriteLine($"name          {sub.Name}");
            o.WriteLine($"id            {sub.Id}");
            o.WriteLine($"url           {sub.Url}");
            o.WriteLine($"patterns      {string.Join(", ", sub.Patterns)}");
            o.WriteLine($"state         {(sub.Enabled ? "enabled" : "disabled")}");
            o.WriteLine($"rate          {WebhookRules.FormatRate(sub.RatePerSecond)}");
            o.WriteLine($"allow private {(sub.AllowPrivate ? "yes" : "no")}");
            o.WriteLine($"secret        (hidden){(sub.SigningSecrets(now).Count > 1 ? $"; previous secret also signs until {IsoTimestamp.Format(sub.PreviousSecretUntil!.Value)}" : "")}");
            o.WriteLine($"created       {IsoTimestamp.Format(sub.CreatedAt)}");
            foreach (var status in new[] { DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed, DeliveryStatus.Dead })
                o.WriteLine($"{status.Name(),-13} {store.Webhooks.ListDeliveries(sub.Id, status, int.MaxValue).Count}");
            return ExitCodes.Ok;
        }, ct)));
        return cmd;
    }

    /// <summary>A command taking one subscription name that changes it and announces the change.</summary>
    private static Command Simple(CommandHost host, string verb, string description, Func<CliContext, DecnetStore, WebhookSubscription, string> change)
    {
        var name = new Argument<string>("name") { Description = "subscription name or id" };
        var cmd = new Command(verb, description) { name };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "webhook " + verb, store =>
        {
            var sub = store.Webhooks.FindSubscription(pr.GetValue(name)!);
            if (sub is null) return NotFound(ctx, pr.GetValue(name)!);
            Announce(ctx, sub.Name, change(ctx, store, sub));
            return ExitCodes.Ok;
        }, ct)));
        return cmd;
    }

    private static Command RotateSecret(CommandHost host)
    {
        var name = new Argument<string>("name") { Description = "subscription name or id" };
        var secret = new Option<string?>("--secret") { Description = "the new secret (default: a generated whsec_ secret)" };
        var grace = new Option<double>("--grace-hours") { Description = "how long the old secret still signs too (default 24)", DefaultValueFactory = _ => 24 };
        grace.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 24 * 30) r.AddError("--grace-hours must be from 0 to 720"); });
        var cmd = new Command("rotate-secret", "new signing secret; the old one keeps signing for a grace period") { name, secret, grace };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var s = pr.GetValue(secret);
            if (s is not null && !WebhookSecret.IsValid(s, out var error)) return Task.FromResult(ctx.Fail(ExitCodes.Usage, "--secret: " + error));
            var fresh = s ?? WebhookSecret.Generate();
            return StoreAccess.RunAsync(ctx, host, "webhook rotate-secret", store =>
            {
                var sub = store.Webhooks.FindSubscription(pr.GetValue(name)!);
                if (sub is null) return NotFound(ctx, pr.GetValue(name)!);
                var until = ctx.Time.GetUtcNow() + TimeSpan.FromHours(pr.GetValue(grace));
                store.Webhooks.UpdateSubscription(sub with { Secret = fresh, PreviousSecret = sub.Secret, PreviousSecretUntil = until });
                Announce(ctx, sub.Name, "secret_rotated");
                ctx.Out.WriteLine($"webhook {sub.Name}: new secret (shown once), the old one also signs until {IsoTimestamp.Format(until)}");
                ctx.Out.WriteLine($"secret  {fresh}");
                return ExitCodes.Ok;
            }, ct);
        }));
        return cmd;
    }

    private static Command Test(CommandHost host)
    {
        var name = new Argument<string>("name") { Description = "subscription name or id" };
        var cmd = new Command("test", "send a signed system.webhook.test event now; prints the status and latency") { name };
        cmd.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            WebhookSubscription? found = null;
            var code = await StoreAccess.RunAsync(ctx, host, "webhook test", store =>
            {
                found = store.Webhooks.FindSubscription(pr.GetValue(name)!);
                return found is null ? NotFound(ctx, pr.GetValue(name)!) : ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
            if (found is null) return code; // not found, or forwarded: the supervisor sent it and printed the result
            var settings = WebhookSettings.From(ctx.Settings);
            using var sender = new WebhookSender(ctx.Time, VersionCommand.Version, settings.AllowPrivate, 1, settings.Timeout);
            var now = ctx.Time.GetUtcNow();
            var payload = Encoding.UTF8.GetBytes($"{{\"subscription\":\"{found.Name}\",\"message\":\"test event from decnet webhook test\"}}");
            var envelope = new BusEnvelope(EnvelopeId.New(ctx.Time), now, Topics.SystemWebhookTest, "webhook.test", payload);
            var result = await sender.SendAsync(found, envelope.Id, envelope.Topic, WebhookBody.Encode(envelope), ct).ConfigureAwait(false);
            var latency = result.LatencyMs.ToString("0.0", CultureInfo.InvariantCulture);
            if (result.StatusCode is { } status)
            {
                ctx.Out.WriteLine($"webhook {found.Name}: HTTP {status} in {latency} ms (event {envelope.Id})");
                return result.Succeeded ? ExitCodes.Ok : ctx.Fail(ExitCodes.Failure, $"the receiver answered HTTP {status}");
            }
            return ctx.Fail(ExitCodes.Failure, $"webhook {found.Name}: no answer after {latency} ms: {result.Error}");
        }));
        return cmd;
    }

    private static Command Deliveries(CommandHost host)
    {
        var name = new Argument<string?>("name") { Description = "only this subscription (name or id)", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<string?>("--status") { Description = "pending, delivered, failed or dead" };
        status.AcceptOnlyFromAmong("pending", "delivered", "failed", "dead");
        var limit = new Option<int>("--limit") { Description = "at most N, newest first (default 50; 0 = all)", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--limit must be 0 or more"); });
        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var cmd = new Command("deliveries", "the outbox: attempts, status codes, latency, last error") { name, status, limit, json };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "webhook deliveries", store =>
        {
            string? subId = null;
            if (pr.GetValue(name) is { } n)
            {
                var sub = store.Webhooks.FindSubscription(n);
                if (sub is null) return NotFound(ctx, n);
                subId = sub.Id;
            }
            DeliveryStatus? filter = DeliveryStatuses.TryParse(pr.GetValue(status), out var st) ? st : null;
            var max = pr.GetValue(limit);
            var rows = store.Webhooks.ListDeliveries(subId, filter, max == 0 ? int.MaxValue : max);
            if (pr.GetValue(json)) { WebhookJson.WriteDeliveries(ctx.Out, rows); return ExitCodes.Ok; }
            var table = new TableWriter("ID", "WEBHOOK", "TOPIC", "STATUS", "ATTEMPTS", "CODE", "LATENCY", "CREATED", "NEXT / DONE", "LAST ERROR");
            foreach (var d in rows)
                table.Add(d.Id, d.SubscriptionName, d.Topic, d.Status.Name(), d.Attempts.ToString(CultureInfo.InvariantCulture),
                    d.LastStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "", d.LastLatencyMs is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "",
                    IsoTimestamp.Format(d.CreatedAt), d.Status == DeliveryStatus.Pending ? IsoTimestamp.Format(d.NextAttemptAt) : d.CompletedAt is { } c ? IsoTimestamp.Format(c) : "",
                    d.LastError ?? "");
            table.WriteTo(ctx.Out);
            if (rows.Count == 0) ctx.Out.WriteLine("(no deliveries)");
            return ExitCodes.Ok;
        }, ct)));
        return cmd;
    }

    private static Command Replay(CommandHost host)
    {
        var id = new Argument<string?>("id") { Description = "a delivery id (from 'webhook deliveries')", Arity = ArgumentArity.ZeroOrOne };
        var dead = new Option<string?>("--dead") { Description = "requeue every dead delivery of this subscription" };
        var cmd = new Command("replay", "send a delivery again (or all dead ones of a subscription), with a fresh 24 h window") { id, dead };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var one = pr.GetValue(id);
            var deadOf = pr.GetValue(dead);
            if ((one is null) == (deadOf is null)) return Task.FromResult(ctx.Fail(ExitCodes.Usage, "give either a delivery ID or --dead NAME"));
            return StoreAccess.RunAsync(ctx, host, "webhook replay", store =>
            {
                var now = ctx.Time.GetUtcNow();
                if (one is not null)
                {
                    var d = store.Webhooks.GetDelivery(one);
                    if (d is null) return ctx.Fail(ExitCodes.Failure, $"no delivery '{one}' (see 'decnet webhook deliveries')");
                    if (d.Status == DeliveryStatus.Pending) return ctx.Fail(ExitCodes.Failure, $"delivery {one} is already pending (next attempt {IsoTimestamp.Format(d.NextAttemptAt)})");
                    if (d.Body.IsEmpty) return ctx.Fail(ExitCodes.Failure, $"delivery {one} has no body to send ({d.LastError})");
                    if (store.Webhooks.FindSubscription(d.SubscriptionId) is null) return ctx.Fail(ExitCodes.Failure, $"delivery {one}: its webhook {d.SubscriptionName} was removed");
                    store.Webhooks.Requeue([d], now);
                    Announce(ctx, d.SubscriptionName, "replay");
                    ctx.Out.WriteLine($"delivery {one} requeued");
                    return ExitCodes.Ok;
                }
                var sub = store.Webhooks.FindSubscription(deadOf!);
                if (sub is null) return NotFound(ctx, deadOf!);
                var n = store.Webhooks.Requeue(store.Webhooks.ListDeliveries(sub.Id, DeliveryStatus.Dead, int.MaxValue).Where(d => !d.Body.IsEmpty), now);
                Announce(ctx, sub.Name, "replay");
                ctx.Out.WriteLine($"webhook {sub.Name}: {n} dead deliveries requeued");
                return ExitCodes.Ok;
            }, ct);
        }));
        return cmd;
    }

    private static int NotFound(CliContext ctx, string name) =>
        ctx.Fail(ExitCodes.Failure, $"no webhook '{name}' in {ctx.Settings.DataDir} (see 'decnet webhook list')");

    /// <summary>
    /// Tells the webhook worker to reload. Store changes run inside the supervisor when one runs (StoreAccess forwards
    /// them), so the announcement goes out on its bus; without a bus the worker is woken directly; with no supervisor
    /// there is nobody to tell (the worker reads the store when it starts).
    /// </summary>
    private static void Announce(CliContext ctx, string name, string change)
    {
        if (ctx.Supervisor is not { } supervisor) return;
        if (supervisor.Bus is { } bus)
        {
            var payload = Encoding.UTF8.GetBytes($"{{\"name\":\"{name}\",\"change\":\"{change}\"}}");
            bus.Publish(Topics.SystemWebhookSubscriptionsChanged, Topics.SystemWebhookSubscriptionsChanged, payload);
        }
        else supervisor.Workers.Find(WebhookWorker.WorkerName)?.Wake();
    }
}
