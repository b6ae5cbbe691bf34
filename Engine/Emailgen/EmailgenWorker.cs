using System.Buffers;
using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// The `emailgen` worker: on a slow schedule, one new message on every running IMAP/POP3 decky (continuing an open
/// thread or starting one), written only by a persona inside working hours right now. Each message is delivered into
/// the spool, recorded in the store and announced on <c>orchestrator.email.&lt;decky&gt;</c>; each mailbox folder is
/// pruned past the cap.
/// </summary>
public sealed class EmailgenWorker(IMailDeckySource source, StoreGate store, EmailgenOptions options, IMessageBackend backend, Random rng) : Worker
{
    public const string WorkerName = "emailgen";
    public const string EventType = "email.delivered";
    private const int MinimumPersonas = 6;

    private readonly ConversationGenerator _generator = new(backend);
    private readonly MailDelivery _delivery = new(new MaildirSpool(options.Spool));
    private readonly Dictionary<string, List<(MailThread Thread, int Length)>> _open = new(StringComparer.Ordinal);

    /// <summary>The worker as `supervise` runs it: settings-chosen backend, a fresh seed, no topologies unless wired.</summary>
    public static EmailgenWorker Create(IMailDeckySource? source, StoreGate store, Config.DecnetSettings settings, ILoggerFactory logs, TimeProvider time)
    {
        var options = EmailgenOptions.From(settings);
        return new EmailgenWorker(source ?? NoMailDeckies.Instance, store, options, options.CreateBackend(logs.CreateLogger("decnet.emailgen"), time), new Random());
    }

    public override string Name => WorkerName;

    public override Task StopAsync(WorkerContext context, CancellationToken ct)
    {
        (backend as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }
    public override TimeSpan? SlowTick => options.Interval;

    /// <summary>Messages delivered since start (for tests and status).</summary>
    public int Delivered { get; private set; }

    public override async Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        IReadOnlyList<MailDecky> deckies;
        try { deckies = source.ListRunningMailDeckies(); }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            context.Log.LogWarning("emailgen: cannot list running mail deckies: {Message}", e.Message);
            return;
        }
        var now = context.Time.GetUtcNow();
        foreach (var decky in deckies)
        {
            ct.ThrowIfCancellationRequested();
            if (!MaildirSpool.IsValidName(decky.Name) || decky.Name.Contains('.') || !PersonaGenerator.IsValidDomain(decky.Domain))
            {
                context.Log.LogWarning("emailgen: skipping decky '{Decky}' (domain '{Domain}'): not a usable decky name or mail domain", decky.Name, decky.Domain);
                continue;
            }
            try { await AddOneAsync(decky, now, context, ct).ConfigureAwait(false); }
            catch (IOException e) { context.Log.LogWarning("emailgen: delivery to {Decky} failed: {Message}", decky.Name, e.Message); }
        }
    }

    private async Task AddOneAsync(MailDecky decky, DateTimeOffset now, WorkerContext context, CancellationToken ct)
    {
        var personas = store.Use(s =>
        {
            var (all, added) = MailboxBatch.EnsurePersonas(s.Personas.List(decky.Domain), decky.Domain, decky.Users, MinimumPersonas, "en", decky.Scope, rng);
            if (added.Count > 0) s.Personas.Upsert(added);
            return all;
        });
        var working = personas.Where(p => PersonaClock.IsWorking(p, now)).ToArray();
        if (working.Length == 0) return; // nobody at their desk: mail now would give the decoy away

        if (!_open.TryGetValue(decky.Name, out var threads)) _open[decky.Name] = threads = [];
        threads.RemoveAll(t => t.Thread.Messages.Count >= t.Length || t.Thread.Participants.Any(p => !personas.Contains(p)));
        ThreadMessage? message = null;
        foreach (var (thread, _) in threads.OrderBy(_ => rng.Next()))
        {
            var (sender, to, cc) = ConversationGenerator.NextTurn(thread, rng);
            if (!PersonaClock.IsWorking(sender, now) || thread.Last!.Date >= now) continue;
            message = await _generator.WriteNextAsync(thread, sender, to, cc, now, rng, ct).ConfigureAwait(false);
            break;
        }
        if (message is null)
        {
            var thread = _generator.StartThread(personas, rng, working[rng.Next(working.Length)]);
            var (to, cc) = ConversationGenerator.OpeningRecipients(thread);
            message = await _generator.WriteNextAsync(thread, thread.Participants[0], to, cc, now, rng, ct).ConfigureAwait(false);
            var length = 1;
            while (length < 7 && rng.NextDouble() < 0.6) length++;
            threads.Add((thread, length));
        }

        var (record, pruned) = _delivery.DeliverOne(decky.Name, message, options.MailboxCap);
        store.Use(s =>
        {
            s.Mail.Add([record]);
            return s.Mail.Prune(decky.Name, options.MailboxCap * Math.Max(1, personas.Count));
        });
        Delivered++;
        context.Bus?.Publish(Topics.OrchestratorEmail(decky.Name), EventType, Payload(record, pruned));
        context.Log.LogDebug("emailgen: {Decky} <- {Subject} ({From})", decky.Name, record.Subject, record.From);
    }

    internal static ReadOnlyMemory<byte> Payload(MailRecord r, int pruned)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("decky", r.Decky);
            w.WriteString("message_id", r.MessageId);
            w.WriteString("thread_id", r.ThreadId);
            w.WriteString("from", r.From);
            w.WriteStartArray("to");
            foreach (var t in r.To) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteString("subject", r.Subject);
            w.WriteString("date", r.Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartArray("mailboxes");
            foreach (var m in r.Mailboxes) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteNumber("pruned", pruned);
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
