using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class BusExternalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task EndpointsAreLoopbackWithEphemeralPorts()
    {
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: BusTestKit.UniqueInprocName());
        await Assert.That(broker.Endpoints.Publish).StartsWith("tcp://127.0.0.1:");
        await Assert.That(broker.Endpoints.Subscribe).StartsWith("tcp://127.0.0.1:");
        var pubPort = int.Parse(broker.Endpoints.Publish.Split(':')[2]);
        var subPort = int.Parse(broker.Endpoints.Subscribe.Split(':')[2]);
        await Assert.That(pubPort).IsGreaterThan(0);
        await Assert.That(subPort).IsGreaterThan(0);
        await Assert.That(pubPort).IsNotEqualTo(subPort);
    }

    [Test]
    public async Task ExternalClientsWithTheRightKeyTalkBothWaysAndMixWithInproc()
    {
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: BusTestKit.UniqueInprocName());
        using var inproc = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var external = BusClient.ConnectExternal(broker.Endpoints, credentials);

        // external -> broker (CURVE) -> inproc subscriber, on the sockets that also serve inproc
        using var inprocSub = inproc.Subscribe(TopicPatterns.AnyIdentity);
        await Assert.That(await BusTestKit.UntilFlowingAsync(external, inprocSub, Topics.IdentityFormed, Patience)).IsTrue();
        external.Publish(Topics.IdentityMerged, "identity", BusTestKit.Json("""{"from":"external"}"""));
        var got = await BusTestKit.ReadAsync(inprocSub, 1, Patience);
        await Assert.That(Encoding.UTF8.GetString(got.Single().Payload.Span)).IsEqualTo("""{"from":"external"}""");

        // inproc -> broker -> external subscriber (CURVE)
        using var externalSub = external.Subscribe(TopicPatterns.AnyOrchestratorEmail);
        await Assert.That(await BusTestKit.UntilFlowingAsync(inproc, externalSub, Topics.OrchestratorEmail("probe"), Patience)).IsTrue();
        inproc.Publish(Topics.OrchestratorEmail("decky-07"), "email", BusTestKit.Json("""{"from":"inproc"}"""));
        var back = await BusTestKit.ReadAsync(externalSub, 1, Patience);
        await Assert.That(back.Single().Topic).IsEqualTo(Topics.OrchestratorEmail("decky-07"));
        await Assert.That(Encoding.UTF8.GetString(back.Single().Payload.Span)).IsEqualTo("""{"from":"inproc"}""");
    }

    [Test]
    public async Task ClientWithAnotherServerKeyCanNeitherPublishNorReceive()
    {
        var credentials = BusCredentials.Generate();
        var impostorKey = BusCredentials.Generate(); // knows the endpoints but not the server key
        using var broker = BusBroker.Start(credentials, inprocName: BusTestKit.UniqueInprocName());
        using var legit = BusClient.ConnectExternal(broker.Endpoints, credentials);
        using var insider = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var impostor = BusClient.ConnectExternal(broker.Endpoints, impostorKey);

        using var insiderSub = insider.Subscribe(TopicPatterns.Everything);
        using var impostorSub = impostor.Subscribe(TopicPatterns.Everything);
        using var legitSub = legit.Subscribe(TopicPatterns.Everything);
        // positive control: the legit external client is flowing in both directions
        await Assert.That(await BusTestKit.UntilFlowingAsync(legit, insiderSub, "control.probe", Patience)).IsTrue();
        await Assert.That(await BusTestKit.UntilFlowingAsync(insider, legitSub, "control.probe", Patience)).IsTrue();
        while (insiderSub.Reader.TryRead(out _)) { }

        // For one second the impostor publishes and a legit publisher sends; the impostor gets nothing
        // and the broker-side subscriber sees only the legit messages.
        var forwardedBefore = broker.Forwarded;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        var legitSent = 0;
        while (DateTime.UtcNow < until)
        {
            impostor.Publish(Topics.AttackerObserved, "forged", BusTestKit.Json("""{"forged":true}"""));
            legit.Publish(Topics.AttackerScored, "attacker", BusTestKit.Json("""{"legit":true}"""));
            legitSent++;
            await Task.Delay(5);
        }
        // wait for every legit message (the machine may be loaded), then a little longer for any stray forgery
        var deadline = DateTime.UtcNow + Patience;
        while (broker.Forwarded - forwardedBefore < legitSent && DateTime.UtcNow < deadline) await Task.Delay(20);
        var seen = await BusTestKit.ReadAsync(insiderSub, legitSent, Patience);
        await Task.Delay(300);
        while (insiderSub.Reader.TryRead(out var straggler)) seen.Add(straggler);

        await Assert.That(seen.Count(e => e.Type == "attacker")).IsEqualTo(legitSent);
        await Assert.That(seen.Any(e => e.Type == "forged")).IsFalse();
        await Assert.That(broker.Forwarded - forwardedBefore).IsEqualTo((long)legitSent);
        await Assert.That(impostorSub.Reader.TryRead(out _)).IsFalse();
        await Assert.That(impostor.Received).IsEqualTo(0L);
        await Assert.That(legitSub.Delivered).IsGreaterThan(0L);
    }

    [Test]
    public async Task ClientWithoutAnyKeyCanNeitherPublishNorReceive()
    {
        // A plain (NULL-security) NetMQ peer: proves the broker itself insists on CURVE.
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: BusTestKit.UniqueInprocName());
        using var insider = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var insiderSub = insider.Subscribe(TopicPatterns.Everything);
        using var push = new NetMQ.Sockets.PushSocket();
        using var sub = new NetMQ.Sockets.SubscriberSocket();
        push.Options.Linger = TimeSpan.Zero;
        sub.Options.Linger = TimeSpan.Zero;
        push.Connect(broker.Endpoints.Publish);
        sub.Connect(broker.Endpoints.Subscribe);
        sub.SubscribeToAnyTopic();
        var probe = BusTestKit.Json("""{"v":1,"id":"x","ts":"2025-01-01T00:00:00Z","topic":"a.b","type":"forged","payload":{}}""");

        var received = 0;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < until)
        {
            NetMQ.OutgoingSocketExtensions.TrySendFrame(push, TimeSpan.Zero, "a.b"u8.ToArray(), more: true);
            NetMQ.OutgoingSocketExtensions.TrySendFrame(push, TimeSpan.Zero, probe, more: false);
            insider.Publish("a.b", "legit", BusTestKit.Json("{}"));
            while (NetMQ.ReceivingSocketExtensions.TryReceiveFrameBytes(sub, TimeSpan.FromMilliseconds(5), out _)) received++;
        }
        var seen = await BusTestKit.ReadAsync(insiderSub, int.MaxValue, TimeSpan.FromMilliseconds(300));
        await Assert.That(seen.Count(e => e.Type == "legit")).IsGreaterThan(0); // positive control
        await Assert.That(seen.Any(e => e.Type == "forged")).IsFalse();
        await Assert.That(received).IsEqualTo(0);
    }

    [Test]
    public async Task InprocClientsWorkOnTheCurveServerSocketsWithoutAnyKey()
    {
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: BusTestKit.UniqueInprocName());
        using var a = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var b = BusClient.ConnectInproc(broker.InprocEndpoints);
        using var sub = b.Subscribe(Topics.SystemGeoipUpdated);
        await Assert.That(await BusTestKit.UntilFlowingAsync(a, sub, Topics.SystemGeoipUpdated, Patience)).IsTrue();
    }
}
