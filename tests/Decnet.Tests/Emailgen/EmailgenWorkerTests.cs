using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Emailgen;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;
using Decnet.Storage;
using Decnet.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Emailgen;

/// <summary>The supervise worker over a fake <see cref="IMailDeckySource"/>: delivers, records, publishes, prunes, sleeps at night.</summary>
public class EmailgenWorkerTests
{
    private sealed class FakeDeckies(params MailDecky[] deckies) : IMailDeckySource
    {
        public MailDecky[] Deckies { get; set; } = deckies;
        public IReadOnlyList<MailDecky> ListRunningMailDeckies() => Deckies;
    }

    [Test]
    public async Task TicksDeliverRecordPublishAndPrune()
    {
        using var dir = new TempDataDir();
        var spool = Path.Combine(dir.Path, "mail");
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: "emailgen-test-" + Guid.NewGuid().ToString("n"));
        using var bus = broker.ConnectLocal();
        using var sub = bus.Subscribe(TopicPatterns.AnyOrchestratorEmail);
        using var gate = new StoreGate(DecnetStore.Open(Path.Combine(dir.Path, "data"), "supervise", TimeProvider.System));
        var source = new FakeDeckies(
            new MailDecky("imap01", "acme.example", ["jsmith", "mjones", "it-desk"], "topo-1"),
            new MailDecky("pop02", "globex.example", []));
        var options = new EmailgenOptions("offline", new Uri("http://127.0.0.1:1/"), "m", TimeSpan.FromSeconds(1), spool, TimeSpan.FromMinutes(15), MailboxCap: 6);
        var worker = new EmailgenWorker(source, gate, options, new OfflineBackend(), new Random(5));
        // Tuesday 14:00 UTC, then every 4 minutes for 160 minutes: London at work, the Americas arriving during the run.
        var time = new SettableTime(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero));
        var ctx = new WorkerContext(bus, time, NullLogger.Instance, () => { });

        for (var i = 0; i < 40; i++)
        {
            await worker.TickAsync(ctx, CancellationToken.None);
            time.Now += TimeSpan.FromMinutes(4);
        }
        await Assert.That(worker.Delivered).IsGreaterThanOrEqualTo(60);

        var personas = gate.Use(s => s.Personas.List("acme.example"));
        await Assert.That(personas.Select(p => p.LocalPart)).Contains("jsmith");
        await Assert.That(personas.Select(p => p.LocalPart)).Contains("it-desk");
        await Assert.That(personas.All(p => p.Scope == "topo-1")).IsTrue();
        await Assert.That(gate.Use(s => s.Personas.List("globex.example")).Count).IsGreaterThanOrEqualTo(6);

        var records = gate.Use(s => s.Mail.List("imap01", 10_000));
        await Assert.That(records.Count).IsGreaterThan(0);
        foreach (var r in records)
        {
            var sender = personas.Single(p => p.Email == r.From);
            await Assert.That(PersonaClock.IsWorking(sender, r.Date)).IsTrue();
        }
        // Threads continue across ticks.
        await Assert.That(records.Any(r => r.InReplyTo is not null && records.Any(p => p.MessageId == r.InReplyTo))).IsTrue();

        // Every folder is held to the cap; the newest few stay unread.
        var mailSpool = new MaildirSpool(spool);
        foreach (var user in mailSpool.Users("imap01"))
        {
            await Assert.That(MaildirSpool.Messages(mailSpool.Inbox("imap01", user)).Count()).IsLessThanOrEqualTo(6);
            await Assert.That(MaildirSpool.Messages(mailSpool.Sent("imap01", user)).Count()).IsLessThanOrEqualTo(6);
            await Assert.That(Directory.GetFiles(Path.Combine(mailSpool.Inbox("imap01", user), "new")).Length).IsLessThanOrEqualTo(MailDelivery.DefaultUnread);
        }

        var seen = new List<BusEnvelope>();
        while (sub.Reader.TryRead(out var env)) seen.Add(env);
        for (var i = 0; i < 50 && seen.Count < worker.Delivered; i++)
        {
            await Task.Delay(50);
            while (sub.Reader.TryRead(out var env)) seen.Add(env);
        }
        await Assert.That(seen.Count).IsEqualTo(worker.Delivered);
        await Assert.That(seen.Select(e => e.Topic).Distinct().Order().ToArray()).IsEquivalentTo(new[] { Topics.OrchestratorEmail("imap01"), Topics.OrchestratorEmail("pop02") });
        using (var doc = JsonDocument.Parse(seen[^1].Payload))
        {
            await Assert.That(doc.RootElement.GetProperty("message_id").GetString()!).StartsWith("<");
            await Assert.That(doc.RootElement.GetProperty("mailboxes").GetArrayLength()).IsGreaterThan(0);
        }
    }

    [Test]
    public async Task NobodyWritesAtNightOrOnWeekendsAndBadDeckiesAreSkipped()
    {
        using var dir = new TempDataDir();
        using var gate = new StoreGate(DecnetStore.Open(Path.Combine(dir.Path, "data"), "supervise", TimeProvider.System));
        var source = new FakeDeckies(new MailDecky("imap01", "acme.example", ["jsmith", "mjones"]), new MailDecky("../evil", "acme.example", []));
        var options = new EmailgenOptions("offline", new Uri("http://127.0.0.1:1/"), "m", TimeSpan.FromSeconds(1), Path.Combine(dir.Path, "mail"), TimeSpan.FromMinutes(15), 50);
        var worker = new EmailgenWorker(source, gate, options, new OfflineBackend(), new Random(5));
        // Sunday afternoon, then Wednesday 03:00 UTC (night in Europe and the Americas).
        foreach (var at in new[] { new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero) })
            for (var i = 0; i < 5; i++)
                await worker.TickAsync(new WorkerContext(null, new SettableTime(at.AddMinutes(i)), NullLogger.Instance, () => { }), CancellationToken.None);
        await Assert.That(worker.Delivered).IsEqualTo(0);
        await Assert.That(Directory.Exists(Path.Combine(dir.Path, "mail", "..", "evil"))).IsFalse();
        await Assert.That(gate.Use(s => s.Mail.Count())).IsEqualTo(0);
    }

    [Test]
    public async Task SuperviseKnowsTheWorker()
    {
        await Assert.That(SupervisorRuntime.KnownWorkers).Contains(EmailgenWorker.WorkerName);
    }
}
