using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

/// <summary>The broker's in-process hub: what workers inside <c>decnet supervise</c> use.</summary>
public class BusHubTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static BusBroker StartBroker() => BusBroker.Start(BusCredentials.Generate(), inprocName: BusTestKit.UniqueInprocName());

    private static List<string> Drain(BusSubscription subscription)
    {
        var topics = new List<string>();
        while (subscription.Reader.TryRead(out var e)) topics.Add(e.Topic);
        return topics;
    }

    [Test]
    public async Task ConnectInprocWithTheBrokersEndpointsUsesTheHub()
    {
        using var broker = StartBroker();
        using var viaEndpoints = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var local = broker.ConnectLocal();
        await Assert.That(viaEndpoints.IsLocal).IsTrue();
        await Assert.That(local.IsLocal).IsTrue();
        using var external = BusClient.ConnectExternal(broker.Endpoints, BusCredentials.Generate());
        await Assert.That(external.IsLocal).IsFalse();
    }

    [Test]
    public async Task EveryMatchingLocalSubscriptionGetsTheMessageAtOnce()
    {
        using var broker = StartBroker();
        using var publisher = broker.ConnectLocal();
        using var a = broker.ConnectLocal();
        using var b = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var oneToken = a.Subscribe("attacker.*");
        using var tail = a.Subscribe(TopicPatterns.AnyIdentity);
        using var everything = b.Subscribe(TopicPatterns.Everything);
        using var health = b.Subscribe(TopicPatterns.AnyWorkerHealth);
        using var literal = b.Subscribe(Topics.IdentityObservationLinked);
        using var middle = b.Subscribe("*.formed");

        string[] published =
        [
            Topics.AttackerObserved, Topics.IdentityFormed, Topics.IdentityObservationLinked, Topics.CampaignFormed,
            Topics.SystemWorkerHealth("webhook"), Topics.SystemWorkerControl("webhook"), "attacker.scored.extra",
        ];
        foreach (var topic in published) await Assert.That(publisher.TryPublish(topic, "t", BusTestKit.Json("{}"))).IsTrue();

        // No transport in between: delivery has happened when Publish returns.
        await Assert.That(Drain(oneToken)).IsEquivalentTo(new[] { Topics.AttackerObserved });
        await Assert.That(Drain(tail)).IsEquivalentTo(new[] { Topics.IdentityFormed, Topics.IdentityObservationLinked });
        await Assert.That(Drain(everything)).IsEquivalentTo(published);
        await Assert.That(Drain(health)).IsEquivalentTo(new[] { Topics.SystemWorkerHealth("webhook") });
        await Assert.That(Drain(literal)).IsEquivalentTo(new[] { Topics.IdentityObservationLinked });
        await Assert.That(Drain(middle)).IsEquivalentTo(new[] { Topics.IdentityFormed, Topics.CampaignFormed });
        await Assert.That(publisher.Published).IsEqualTo((long)published.Length);
        await Assert.That(b.Received).IsEqualTo(7L + 1 + 1 + 2);
    }

    [Test]
    public async Task SubscribersShareOneEnvelopeWithThePublishersIdAndACopiedPayload()
    {
        using var broker = StartBroker();
        using var publisher = broker.ConnectLocal(random: new Random(42));
        using var subscriber = broker.ConnectLocal();
        using var first = subscriber.Subscribe(TopicPatterns.AnyAttacker);
        using var second = subscriber.Subscribe(Topics.AttackerObserved);

        var buffer = BusTestKit.Json("""{"ip":"198.51.100.9"}""");
        publisher.Publish(Topics.AttackerObserved, "attacker", buffer);
        buffer[2] = (byte)'X'; // the publisher reuses its buffer

        await Assert.That(first.Reader.TryRead(out var one)).IsTrue();
        await Assert.That(second.Reader.TryRead(out var two)).IsTrue();
        await Assert.That(ReferenceEquals(one, two)).IsTrue(); // handed over, not encoded and decoded
        await Assert.That(EnvelopeId.IsValid(one!.Id)).IsTrue();
        await Assert.That(Encoding.UTF8.GetString(one.Payload.Span)).IsEqualTo("""{"ip":"198.51.100.9"}""");
        await Assert.That(one.Ts.Offset).IsEqualTo(TimeSpan.Zero);

        var forwarded = new BusEnvelope("01HZZZZZZZZZZZZZZZZZZZZZZZ", new DateTimeOffset(2024, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)),
            Topics.AttackerScored, "attacker", BusTestKit.Json("{}"));
        publisher.PublishEnvelope(forwarded);
        await Assert.That(first.Reader.TryRead(out var kept)).IsTrue();
        await Assert.That(kept!.Id).IsEqualTo(forwarded.Id);
        await Assert.That(kept.Ts).IsEqualTo(forwarded.Ts);
        await Assert.That(kept.Ts.Offset).IsEqualTo(TimeSpan.Zero); // normalised as the NetMQ path's decoder does
    }

    [Test]
    public async Task InvalidMessagesFailAtThePublisher()
    {
        using var broker = StartBroker();
        using var publisher = broker.ConnectLocal();
        using var sub = publisher.Subscribe(TopicPatterns.Everything);
        await Assert.That(() => publisher.Publish("a.b", "t", BusTestKit.Json("{\"open\":"))).Throws<ArgumentException>();
        await Assert.That(() => publisher.Publish("a.b", "t", BusTestKit.Json("1 2"))).Throws<ArgumentException>();
        await Assert.That(() => publisher.Publish("a.b", "t", ReadOnlyMemory<byte>.Empty)).Throws<ArgumentException>();
        await Assert.That(() => publisher.Publish("a.b", "", BusTestKit.Json("{}"))).Throws<ArgumentException>();
        await Assert.That(() => publisher.PublishEnvelope(new BusEnvelope("", DateTimeOffset.UtcNow, "a.b", "t", BusTestKit.Json("{}"))))
            .Throws<ArgumentException>();
        await Assert.That(sub.Reader.TryRead(out _)).IsFalse();
        await Assert.That(publisher.Published).IsEqualTo(0L);
    }

    [Test]
    public async Task AFullSubscriptionCountsOverflowAndNeverBlocksThePublisher()
    {
        using var broker = StartBroker();
        using var publisher = broker.ConnectLocal();
        using var subscriber = broker.ConnectLocal();
        using var slow = subscriber.Subscribe(Topics.AttackerObserved, capacity: 3);
        using var roomy = subscriber.Subscribe(Topics.AttackerObserved, capacity: 100);

        for (var i = 0; i < 10; i++)
            await Assert.That(publisher.TryPublish(Topics.AttackerObserved, "attacker", BusTestKit.Json($"{{\"i\":{i}}}"))).IsTrue();

        await Assert.That(slow.Delivered).IsEqualTo(10L);
        await Assert.That(slow.Overflow).IsEqualTo(7L);
        await Assert.That(roomy.Overflow).IsEqualTo(0L);
        await Assert.That(Drain(slow).Count).IsEqualTo(3);
        await Assert.That(Drain(roomy).Count).IsEqualTo(10);
        await Assert.That(publisher.PublishDropped).IsEqualTo(0L);
    }

    [Test]
    public async Task NothingLeavesTheProcessUntilAnExternalSubscriberAsksForIt()
    {
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: BusTestKit.UniqueInprocName());
        using var publisher = broker.ConnectLocal();
        using var local = publisher.Subscribe(TopicPatterns.Everything, capacity: 10_000);
        for (var i = 0; i < 100; i++) publisher.Publish(Topics.AttackerObserved, "attacker", BusTestKit.Json("{}"));
        await Assert.That(Drain(local).Count).IsEqualTo(100);
        await Assert.That(broker.HasExternalSubscribers).IsFalse();
        await Assert.That(broker.ExternalQueued).IsEqualTo(0L);

        // An outside subscriber to identity.> only: attacker.* still stays in the process.
        using (var external = BusClient.ConnectExternal(broker.Endpoints, credentials))
        {
            using var identities = external.Subscribe(TopicPatterns.AnyIdentity);
            await Assert.That(await BusTestKit.UntilFlowingAsync(publisher, identities, Topics.IdentityFormed, Patience)).IsTrue();
            await Assert.That(broker.HasExternalSubscribers).IsTrue();
            var queued = broker.ExternalQueued;
            for (var i = 0; i < 50; i++) publisher.Publish(Topics.AttackerObserved, "attacker", BusTestKit.Json("{}"));
            await Assert.That(broker.ExternalQueued).IsEqualTo(queued);
            publisher.Publish(Topics.IdentityMerged, "identity", BusTestKit.Json("{\"n\":1}"));
            await Assert.That(broker.ExternalQueued).IsEqualTo(queued + 1);
            await Assert.That((await BusTestKit.ReadAsync(identities, 1, Patience)).Single().Topic).IsEqualTo(Topics.IdentityMerged);
        }

        // The subscriber left: the broker learns it from XPUB and the hub stops handing messages over.
        var deadline = DateTime.UtcNow + Patience;
        while (broker.HasExternalSubscribers && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Assert.That(broker.HasExternalSubscribers).IsFalse();
        var after = broker.ExternalQueued;
        for (var i = 0; i < 50; i++) publisher.Publish(Topics.IdentityFormed, "identity", BusTestKit.Json("{}"));
        await Assert.That(broker.ExternalQueued).IsEqualTo(after);
    }

    [Test]
    public async Task ExternalPublisherReachesLocalSubscribersInOrderWithItsIds()
    {
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: BusTestKit.UniqueInprocName());
        using var local = broker.ConnectLocal();
        using var external = BusClient.ConnectExternal(broker.Endpoints, credentials);
        using var sub = local.Subscribe("load.>", capacity: 10_000);
        await Assert.That(await BusTestKit.UntilFlowingAsync(external, sub, "load.probe", Patience)).IsTrue();
        var forwardedBefore = broker.Forwarded;

        const int count = 3000;
        var sentIds = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var envelope = new BusEnvelope(EnvelopeId.New(TimeProvider.System), DateTimeOffset.UtcNow, i % 2 == 0 ? "load.even" : "load.odd",
                "n", BusTestKit.Json(i.ToString()));
            sentIds.Add(envelope.Id);
            await Assert.That(external.TryPublishEnvelope(envelope)).IsTrue();
        }
        var got = await BusTestKit.ReadAsync(sub, count, Patience);
        await Assert.That(got.Select(e => e.Id).ToList()).IsEquivalentTo(sentIds);
        await Assert.That(got.Select(e => int.Parse(Encoding.UTF8.GetString(e.Payload.Span))).ToList()).IsEquivalentTo(Enumerable.Range(0, count).ToList());
        await Assert.That(broker.Forwarded - forwardedBefore).IsEqualTo((long)count);
        await Assert.That(broker.Malformed).IsEqualTo(0L);
        await Assert.That(external.SentBatches).IsGreaterThan(0L);
        await Assert.That(external.SentBatches).IsLessThanOrEqualTo(external.Published);
    }

    [Test]
    public async Task LocalPublisherReachesExternalSubscribersInOrder()
    {
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: BusTestKit.UniqueInprocName());
        using var local = broker.ConnectLocal();
        using var external = BusClient.ConnectExternal(broker.Endpoints, credentials);
        using var sub = external.Subscribe(TopicPatterns.AnyWorkerHealth, capacity: 10_000);
        await Assert.That(await BusTestKit.UntilFlowingAsync(local, sub, Topics.SystemWorkerHealth("probe"), Patience)).IsTrue();

        const int count = 3000;
        for (var i = 0; i < count; i++)
            await Assert.That(local.TryPublish(Topics.SystemWorkerHealth($"w{i % 3}"), "health", BusTestKit.Json(i.ToString()))).IsTrue();
        local.Publish(Topics.SystemWorkerControl("w0"), "control", BusTestKit.Json("{}")); // not subscribed outside
        var got = await BusTestKit.ReadAsync(sub, count + 1, TimeSpan.FromSeconds(3));
        await Assert.That(got.Count).IsEqualTo(count);
        await Assert.That(got.Select(e => int.Parse(Encoding.UTF8.GetString(e.Payload.Span))).ToList()).IsEquivalentTo(Enumerable.Range(0, count).ToList());
        await Assert.That(string.CompareOrdinal(got[0].Id, got[^1].Id) < 0).IsTrue();
        await Assert.That(external.Malformed).IsEqualTo(0L);
    }

    [Test]
    public async Task MalformedEnvelopesFromOutsideAreCountedAndTheirBatchStillDelivered()
    {
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: BusTestKit.UniqueInprocName());
        using var local = broker.ConnectLocal();
        using var localSub = local.Subscribe(TopicPatterns.AnyAttacker, capacity: 1000);
        using var external = BusClient.ConnectExternal(broker.Endpoints, credentials);
        using var externalSub = external.Subscribe(TopicPatterns.AnyAttacker, capacity: 1000);
        // a raw NetMQ peer that holds the key but writes its own frames
        using var push = new NetMQ.Sockets.PushSocket();
        push.Options.Linger = TimeSpan.Zero;
        CurveSecurity.MakeClient(push, credentials);
        push.Connect(broker.Endpoints.Publish);

        static byte[] Good(int i) => EnvelopeCodec.Encode(new BusEnvelope($"01JNP7Z7ZV{i:D16}", DateTimeOffset.UtcNow, Topics.AttackerObserved, "good", BusTestKit.Json("{}")));
        var topic = Encoding.UTF8.GetBytes(Topics.AttackerObserved);
        void Send(byte[] frame)
        {
            NetMQ.OutgoingSocketExtensions.SendFrame(push, topic, more: true);
            NetMQ.OutgoingSocketExtensions.SendFrame(push, frame);
        }

        // both receivers are flowing before the bad frames go out
        var flowing = false;
        for (var attempt = 0; attempt < 100 && !flowing; attempt++)
        {
            Send(EnvelopeBatch.Encode([Good(0)]));
            await Task.Delay(50);
            flowing = localSub.Reader.Count > 0 && externalSub.Reader.Count > 0;
        }
        await Assert.That(flowing).IsTrue();
        await Task.Delay(200);
        Drain(localSub);
        Drain(externalSub);
        var brokerMalformed = broker.Malformed;
        var clientMalformed = external.Malformed;

        Send(EnvelopeBatch.Encode([Good(1), "{\"v\":1"u8.ToArray(), Good(2)], compress: false));
        Send(EnvelopeBatch.Encode(Enumerable.Range(3, 30).Select(Good).Append("not json"u8.ToArray()), compress: true));
        Send([9, 9, 9]); // not a batch at all

        var expected = new[] { 1, 2 }.Concat(Enumerable.Range(3, 30)).Select(i => $"01JNP7Z7ZV{i:D16}").ToList();
        var atHub = await BusTestKit.ReadAsync(localSub, expected.Count, Patience);
        var outside = await BusTestKit.ReadAsync(externalSub, expected.Count, Patience);
        await Assert.That(atHub.Select(e => e.Id).ToList()).IsEquivalentTo(expected);
        await Assert.That(outside.Select(e => e.Id).ToList()).IsEquivalentTo(expected);
        var deadline = DateTime.UtcNow + Patience;
        while ((broker.Malformed - brokerMalformed < 3 || external.Malformed - clientMalformed < 3) && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Assert.That(broker.Malformed - brokerMalformed).IsEqualTo(3L);
        await Assert.That(external.Malformed - clientMalformed).IsEqualTo(3L);
    }

    [Test]
    public async Task BrokersWithDifferentNamesAreIsolatedAndAStoppedOneIsGone()
    {
        var broker = StartBroker();
        using var other = StartBroker();
        using var publisher = broker.ConnectLocal();
        using var stranger = other.ConnectLocal();
        using var strangerSub = stranger.Subscribe(TopicPatterns.Everything);
        publisher.Publish("a.b", "t", BusTestKit.Json("{}"));
        await Assert.That(strangerSub.Reader.TryRead(out _)).IsFalse();

        broker.Dispose();
        await Assert.That(publisher.TryPublish("a.b", "t", BusTestKit.Json("{}"))).IsFalse();
        await Assert.That(publisher.PublishDropped).IsEqualTo(1L);
        await Assert.That(() => broker.ConnectLocal()).Throws<ObjectDisposedException>();
        await Assert.That(() => BusClient.ConnectInproc(broker.InprocEndpoints)).Throws<BusUnavailableException>();
    }
}
