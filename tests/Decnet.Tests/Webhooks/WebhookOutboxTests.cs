using Decnet.Engine.Webhooks;
using Decnet.Storage;
using Decnet.Storage.Codecs;
using Decnet.Tests.Storage;

namespace Decnet.Tests.Webhooks;

public class WebhookOutboxTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero);

    private static WebhookDelivery Delivery(int i, string sub = "wh_a", int bodyBytes = 40, DateTimeOffset? due = null) =>
        new($"{sub}:ev{i:D5}", sub, "siem", $"ev{i:D5}", "attacker.observed", T.AddSeconds(i), T, Enumerable.Range(0, bodyBytes).Select(b => (byte)(b + i)).ToArray(),
            DeliveryStatus.Pending, 0, due ?? T.AddSeconds(i), null, null, null, null);

    private static string Describe(WebhookDelivery? d) => d is null ? "(none)" :
        $"{d.Id} {d.SubscriptionId} {d.SubscriptionName} {d.EventId} {d.Topic} {d.CreatedAt.UtcTicks} {d.WindowStart.UtcTicks} {Convert.ToHexString(d.Body.Span)} " +
        $"{d.Status} {d.Attempts} {d.NextAttemptAt.UtcTicks} {d.LastStatusCode} {d.LastError} {d.LastLatencyMs} {d.CompletedAt?.UtcTicks}";

    [Test]
    public async Task Every_field_of_every_state_survives_a_reopen_and_the_due_order_is_kept()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        var a = Delivery(1, due: T.AddMinutes(5));
        var b = Delivery(2, due: T.AddMinutes(1));
        var c = Delivery(3, sub: "wh_b");
        var done = a with { Status = DeliveryStatus.Failed, Attempts = 2, LastStatusCode = 410, LastError = "HTTP 410 — gone", LastLatencyMs = 1.25, CompletedAt = T.AddMinutes(6) };
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
        {
            await Assert.That(outbox.Add([a, b, c, a]).Count).IsEqualTo(3);
            await Assert.That(outbox.Add([b]).Count).IsEqualTo(0);
            outbox.Save([done], durable: false);
        }
        using var again = WebhookOutbox.Open(dir.Path, TimeProvider.System);
        await Assert.That(again.Count).IsEqualTo(3);
        await Assert.That(Describe(again.Get(a.Id))).IsEqualTo(Describe(done));
        await Assert.That(Describe(again.Get(b.Id))).IsEqualTo(Describe(b));
        await Assert.That(again.DuePage("wh_a", T.AddHours(1), 10).Select(d => d.Id)).IsEquivalentTo(new[] { b.Id });
        await Assert.That(again.DuePage("wh_b", T.AddHours(1), 10).Select(d => d.Id)).IsEquivalentTo(new[] { c.Id });
        await Assert.That(again.DuePage("wh_a", T, 10).Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_torn_tail_is_cut_off_and_the_records_before_it_stay()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
            outbox.Add(Enumerable.Range(0, 10).Select(i => Delivery(i)).ToArray());
        var path = Path.Combine(dir.Path, WebhookOutbox.FileName);
        var whole = new FileInfo(path).Length;
        // A crash in the middle of the next write: half a record on disk.
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System)) outbox.Add([Delivery(10)]);
        var longer = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(whole + (longer - whole) / 2);
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
        {
            await Assert.That(outbox.Count).IsEqualTo(10);
            await Assert.That(new FileInfo(path).Length).IsEqualTo(whole);
            outbox.Add([Delivery(11)]);
        }
        using var last = WebhookOutbox.Open(dir.Path, TimeProvider.System);
        await Assert.That(last.Count).IsEqualTo(11);
        await Assert.That(last.Get(Delivery(11).Id)).IsNotNull();
    }

    [Test]
    public async Task A_flipped_byte_fails_its_checksum_and_ends_the_replay_there()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
        {
            outbox.Add([Delivery(0)]);
            outbox.Add([Delivery(1)]);
        }
        var path = Path.Combine(dir.Path, WebhookOutbox.FileName);
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x40; // inside the second record's body
        File.WriteAllBytes(path, bytes);
        using var outbox2 = WebhookOutbox.Open(dir.Path, TimeProvider.System);
        await Assert.That(outbox2.Count).IsEqualTo(1);
        await Assert.That(outbox2.Get(Delivery(0).Id)).IsNotNull();
    }

    [Test]
    public async Task Reopening_a_journal_mostly_made_of_old_states_compacts_it_to_the_live_records()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        var all = Enumerable.Range(0, 300).Select(i => Delivery(i, bodyBytes: 1000)).ToArray();
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
        {
            outbox.Add(all);
            for (var round = 1; round <= 6; round++) outbox.Save(all.Select(d => d with { Attempts = round, NextAttemptAt = T.AddMinutes(round) }).ToArray());
        }
        var path = Path.Combine(dir.Path, WebhookOutbox.FileName);
        var before = new FileInfo(path).Length;
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
        {
            await Assert.That(new FileInfo(path).Length).IsLessThan(before / 5);
            await Assert.That(outbox.Get(all[7].Id)!.Attempts).IsEqualTo(6);
        }
        using var third = WebhookOutbox.Open(dir.Path, TimeProvider.System);
        await Assert.That(third.Count).IsEqualTo(300);
        await Assert.That(Describe(third.Get(all[299].Id))).IsEqualTo(Describe(all[299] with { Attempts = 6, NextAttemptAt = T.AddMinutes(6) }));
        await Assert.That(File.Exists(path + ".tmp")).IsFalse();
    }

    [Test]
    public async Task Pruning_drops_old_delivered_records_only_and_survives_a_reopen()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        using (var outbox = WebhookOutbox.Open(dir.Path, TimeProvider.System))
        {
            outbox.Add([Delivery(0), Delivery(1), Delivery(2)]);
            outbox.Save([
                Delivery(0) with { Status = DeliveryStatus.Delivered, CompletedAt = T.AddDays(-10) },
                Delivery(1) with { Status = DeliveryStatus.Delivered, CompletedAt = T },
                Delivery(2) with { Status = DeliveryStatus.Dead, CompletedAt = T.AddDays(-10) },
            ]);
            await Assert.That(outbox.PruneDelivered(T.AddDays(-7))).IsEqualTo(1);
        }
        using var again = WebhookOutbox.Open(dir.Path, TimeProvider.System);
        await Assert.That(again.Get(Delivery(0).Id)).IsNull();
        await Assert.That(again.Get(Delivery(1).Id)).IsNotNull();
        await Assert.That(again.Get(Delivery(2).Id)!.Status).IsEqualTo(DeliveryStatus.Dead);
    }

    [Test]
    public async Task Deliveries_an_earlier_version_kept_in_LiteDB_move_into_the_journal_once()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        var old = new[] { Delivery(0), Delivery(1) with { Status = DeliveryStatus.Dead, Attempts = 9, LastError = "timed out", CompletedAt = T } };
        using (var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
            store.InTransaction(() => { foreach (var d in old) store.Database.GetCollection(WebhookDeliveryCodec.Collection).Insert(WebhookDeliveryCodec.Encode(d)); });
        using (var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
        {
            await Assert.That(store.Webhooks.ListDeliveries(null, null, 10).Count).IsEqualTo(2);
            await Assert.That(Describe(store.Webhooks.GetDelivery(old[1].Id))).IsEqualTo(Describe(old[1]));
            await Assert.That(store.Database.CollectionExists(WebhookDeliveryCodec.Collection)).IsFalse();
        }
        using var third = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        await Assert.That(third.Webhooks.CountDeliveries(DeliveryStatus.Dead)).IsEqualTo(1);
        await Assert.That(third.Webhooks.CountDeliveries(DeliveryStatus.Pending)).IsEqualTo(1);
    }
}
