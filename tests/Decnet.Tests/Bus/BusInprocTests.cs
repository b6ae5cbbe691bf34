using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class BusInprocTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task PublishedEnvelopesReachMatchingSubscribersOnly()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var subscriber = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var attackers = subscriber.Subscribe(TopicPatterns.AnyAttacker);
        using var health = subscriber.Subscribe(TopicPatterns.AnyWorkerHealth);
        using var scoredOnly = subscriber.Subscribe(Topics.AttackerScored);

        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, attackers, Topics.AttackerObserved, Patience)).IsTrue();
        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, health, Topics.SystemWorkerHealth("probe"), Patience)).IsTrue();
        while (scoredOnly.Reader.TryRead(out _)) { }

        var before = DateTimeOffset.UtcNow;
        publisher.Publish(Topics.AttackerObserved, "attacker", BusTestKit.Json("""{"ip":"198.51.100.1"}"""));
        publisher.Publish(Topics.AttackerScored, "attacker", BusTestKit.Json("""{"ip":"198.51.100.1","score":7}"""));
        publisher.Publish(Topics.SystemWorkerHealth("webhook"), "health", BusTestKit.Json("""{"ok":true}"""));
        publisher.Publish(Topics.SystemWorkerControl("webhook"), "control", BusTestKit.Json("""{"op":"tick"}""")); // nobody listens
        publisher.Publish(Topics.CampaignFormed, "campaign", BusTestKit.Json("{}")); // nobody listens

        var gotAttackers = await BusTestKit.ReadAsync(attackers, 2, Patience);
        var gotHealth = await BusTestKit.ReadAsync(health, 1, Patience);
        var gotScored = await BusTestKit.ReadAsync(scoredOnly, 1, Patience);
        await Task.Delay(200);

        await Assert.That(gotAttackers.Select(e => e.Topic)).IsEquivalentTo(new[] { Topics.AttackerObserved, Topics.AttackerScored });
        await Assert.That(Encoding.UTF8.GetString(gotAttackers[0].Payload.Span)).IsEqualTo("""{"ip":"198.51.100.1"}""");
        await Assert.That(gotAttackers[0].Type).IsEqualTo("attacker");
        await Assert.That(EnvelopeId.IsValid(gotAttackers[0].Id)).IsTrue();
        await Assert.That(string.CompareOrdinal(gotAttackers[0].Id, gotAttackers[1].Id) < 0).IsTrue();
        await Assert.That(gotAttackers[0].Ts >= before.AddSeconds(-1)).IsTrue();
        await Assert.That(gotHealth.Single().Topic).IsEqualTo(Topics.SystemWorkerHealth("webhook"));
        await Assert.That(gotScored.Single().Topic).IsEqualTo(Topics.AttackerScored);
        // nothing else arrived
        await Assert.That(attackers.Reader.TryRead(out _)).IsFalse();
        await Assert.That(health.Reader.TryRead(out _)).IsFalse();
        await Assert.That(scoredOnly.Reader.TryRead(out _)).IsFalse();
        await Assert.That(subscriber.Malformed).IsEqualTo(0L);
    }

    [Test]
    public async Task ForwardedEnvelopeKeepsItsIdAndTimestamp()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var subscriber = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var all = subscriber.Subscribe(TopicPatterns.Everything);
        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, all, "test.probe", Patience)).IsTrue();

        var original = new BusEnvelope("01HZZZZZZZZZZZZZZZZZZZZZZZ", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Topics.CredentialCaptured, "credential", BusTestKit.Json("""{"user":"root"}"""));
        publisher.PublishEnvelope(original);
        var got = (await BusTestKit.ReadAsync(all, 1, Patience)).Single();
        await Assert.That(got.Id).IsEqualTo(original.Id);
        await Assert.That(got.Ts).IsEqualTo(original.Ts);
        await Assert.That(got.Topic).IsEqualTo(original.Topic);
        await Assert.That(got.Payload.ToArray()).IsEquivalentTo(original.Payload.ToArray());
    }

    [Test]
    public async Task ConnectingInprocWithoutABrokerSaysSo()
    {
        var endpoints = BusEndpoints.Inproc(BusTestKit.UniqueInprocName());
        BusUnavailableException? caught = null;
        try { BusClient.ConnectInproc(endpoints).Dispose(); }
        catch (BusUnavailableException e) { caught = e; }
        await Assert.That(caught).IsNotNull();
        await Assert.That(caught!.Message).Contains(endpoints.Publish);
    }

    [Test]
    public async Task InvalidTopicIsRefusedAtPublish()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        await Assert.That(() => publisher.Publish("a.*", "t", BusTestKit.Json("{}"))).Throws<ArgumentException>();
        await Assert.That(() => publisher.Publish("a..b", "t", BusTestKit.Json("{}"))).Throws<ArgumentException>();
        await Assert.That(() => publisher.Subscribe("a.>.b")).Throws<ArgumentException>();
    }

    [Test]
    public async Task SlowConsumerOverflowIsCounted()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var subscriber = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var slow = subscriber.Subscribe(Topics.AttackerObserved, capacity: 10);
        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, slow, Topics.AttackerObserved, Patience)).IsTrue();
        var overflowBefore = slow.Overflow;
        var deliveredBefore = slow.Delivered;

        for (var i = 0; i < 100; i++) publisher.Publish(Topics.AttackerObserved, "attacker", BusTestKit.Json($"{{\"i\":{i}}}"));

        var deadline = DateTime.UtcNow + Patience;
        while (slow.Delivered - deliveredBefore < 100 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Assert.That(slow.Delivered - deliveredBefore).IsEqualTo(100L);
        await Assert.That(slow.Overflow - overflowBefore).IsEqualTo(90L);
        // DropWrite keeps the oldest ten
        var kept = await BusTestKit.ReadAsync(slow, 10, TimeSpan.FromSeconds(1));
        await Assert.That(kept.Select(e => Encoding.UTF8.GetString(e.Payload.Span)).First()).IsEqualTo("{\"i\":0}");
        await Assert.That(kept.Count).IsEqualTo(10);
    }

    [Test]
    public async Task DropOldestKeepsTheNewestAndCounts()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var subscriber = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var latest = subscriber.Subscribe(Topics.SystemWorkerHealth("w"), 5, System.Threading.Channels.BoundedChannelFullMode.DropOldest);
        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, latest, Topics.SystemWorkerHealth("w"), Patience)).IsTrue();
        var overflowBefore = latest.Overflow;
        var deliveredBefore = latest.Delivered;
        for (var i = 0; i < 50; i++) publisher.Publish(Topics.SystemWorkerHealth("w"), "health", BusTestKit.Json($"{{\"i\":{i}}}"));
        var deadline = DateTime.UtcNow + Patience;
        while (latest.Delivered - deliveredBefore < 50 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Assert.That(latest.Overflow - overflowBefore).IsEqualTo(45L);
        var kept = await BusTestKit.ReadAsync(latest, 5, TimeSpan.FromSeconds(1));
        await Assert.That(kept.Select(e => Encoding.UTF8.GetString(e.Payload.Span)).ToList())
            .IsEquivalentTo(Enumerable.Range(45, 5).Select(i => $"{{\"i\":{i}}}").ToList());
    }

    [Test]
    public async Task DisposedSubscriptionCompletesAndStopsReceiving()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var subscriber = BusClient.ConnectInproc(broker.InprocEndpoints);
        var first = subscriber.Subscribe("x.*");
        using var second = subscriber.Subscribe("x.*");
        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, first, "x.y", Patience)).IsTrue();
        first.Dispose();
        await first.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        while (second.Reader.TryRead(out _)) { }
        // the shared prefix is still wanted by the second subscription
        publisher.Publish("x.y", "t", BusTestKit.Json("{}"));
        await Assert.That((await BusTestKit.ReadAsync(second, 1, Patience)).Count).IsEqualTo(1);
    }

    [Test]
    public async Task ClientDisposesWithinOneSecond()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        var client = BusClient.ConnectInproc(broker.InprocEndpoints);
        var sub = client.Subscribe(">");
        client.Publish("a.b", "t", BusTestKit.Json("{}"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        client.Dispose();
        watch.Stop();
        await Assert.That(watch.Elapsed < TimeSpan.FromSeconds(1)).IsTrue();
        while (sub.Reader.TryRead(out _)) { }
        await sub.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(1)); // the reader learns the bus is gone
        // publishing after dispose drops and counts, never throws
        client.Publish("a.b", "t", BusTestKit.Json("{}"));
        await Assert.That(client.PublishDropped).IsEqualTo(1L);
    }

    [Test]
    public async Task ManyThreadsPublishConcurrently()
    {
        var name = BusTestKit.UniqueInprocName();
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: name);
        using var publisher = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var subscriber = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var all = subscriber.Subscribe("load.>", capacity: 100_000);
        await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, all, "load.probe", Patience)).IsTrue();

        const int threads = 4, each = 2_000;
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            var topic = $"load.t{t}";
            for (var i = 0; i < each; i++) publisher.Publish(topic, "n", BusTestKit.Json(i.ToString()));
        })));
        var got = await BusTestKit.ReadAsync(all, threads * each, Patience);
        await Assert.That(got.Count).IsEqualTo(threads * each);
        await Assert.That(got.Select(e => e.Id).Distinct().Count()).IsEqualTo(threads * each);
        // per publisher thread, order is kept
        foreach (var group in got.GroupBy(e => e.Topic))
        {
            var numbers = group.Select(e => int.Parse(Encoding.UTF8.GetString(e.Payload.Span))).ToList();
            await Assert.That(numbers).IsEquivalentTo(Enumerable.Range(0, each).ToList());
        }
        await Assert.That(publisher.PublishDropped).IsEqualTo(0L);
    }
}
