using System.Diagnostics;
using System.Text;
using Decnet.Bus;
using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bench;

/// <summary>
/// Bus throughput with 256-byte JSON payloads, delivered messages per second at the subscriber's queue
/// reader; any loss is reported on stderr. Headline figures: the in-process hub (workers inside
/// <c>decnet supervise</c>) and the external CURVE path through the broker (other processes). Each stands
/// beside raw NetMQ in the same socket topology (PUSH → PULL → forwarder → XPUB → SUB, one message per
/// envelope, no envelope handling, no matcher, no queue), measured in the same run.
/// </summary>
/// <remarks>
/// Publisher, broker and subscriber share this one process and so NetMQ's single I/O thread, which does all
/// four CURVE passes here; in a deployment the broker's I/O thread does two. External batches are compressed,
/// so the headline uses payloads cut from real Cowrie events and a second figure shows incompressible ones.
/// </remarks>
public static class BusBench
{
    private const int PayloadBytes = 256;
    private const int Runs = 5;
    private const string Topic = "bench.load";
    private const int Capacity = 1 << 16;

    private enum Transport { Inproc, Tcp, TcpCurve }

    private enum Route { Hub, External, HubToExternal }

    public static IEnumerable<BenchFigure> Run()
    {
        var realistic = BusPayloads.Realistic(PayloadBytes);
        var incompressible = BusPayloads.Incompressible(PayloadBytes);
        var envelope = EnvelopeCodec.Encode(new BusEnvelope(EnvelopeId.New(TimeProvider.System), DateTimeOffset.UtcNow, Topic, "bench", realistic[0]));

        var hub = Median.Of(Repeat(() => ThroughBroker(realistic, 2_000_000, Route.Hub)));
        var raw = Median.Of(Repeat(() => RawTopology(envelope, 300_000, Transport.Inproc)));
        yield return new BenchFigure("bus in-process (hub), 256 B", hub, "msgs/s", "raw NetMQ same topology inproc", raw, "msgs/s");

        var curve = Median.Of(Repeat(() => ThroughBroker(realistic, 1_000_000, Route.External)));
        var rawCurve = Median.Of(Repeat(() => RawTopology(envelope, 60_000, Transport.TcpCurve)));
        yield return new BenchFigure("bus external CURVE via broker, 256 B", curve, "msgs/s", "raw NetMQ same topology tcp+CURVE", rawCurve, "msgs/s");

        var noisy = Median.Of(Repeat(() => ThroughBroker(incompressible, 300_000, Route.External)));
        yield return new BenchFigure("bus external CURVE, random 256 B", noisy, "msgs/s", "raw NetMQ same topology tcp+CURVE", rawCurve, "msgs/s");

        var hubOut = Median.Of(Repeat(() => ThroughBroker(realistic, 500_000, Route.HubToExternal)));
        yield return new BenchFigure("bus in-process pub → CURVE sub, 256 B", hubOut, "msgs/s", "bus external CURVE via broker", curve, "msgs/s");

        var rawTcp = Median.Of(Repeat(() => RawTopology(envelope, 300_000, Transport.Tcp)));
        yield return new BenchFigure("raw NetMQ same topology tcp+CURVE", rawCurve, "msgs/s", "raw NetMQ same topology tcp, no CURVE", rawTcp, "msgs/s");

        var rawHop = Median.Of(Repeat(() => RawPushPull(envelope, 1_000_000)));
        yield return new BenchFigure("raw NetMQ PUSH/PULL inproc, 1 frame", rawHop, "msgs/s", "bus in-process (hub)", hub, "msgs/s");

        var encode = Median.Of(Repeat(() => Codec(realistic[0], 500_000, decode: false)));
        var decode = Median.Of(Repeat(() => Codec(realistic[0], 500_000, decode: true)));
        yield return new BenchFigure("envelope encode, 256 B payload", encode, "msgs/s", "envelope decode", decode, "msgs/s");
    }

    private static IEnumerable<double> Repeat(Func<double> run)
    {
        run(); // warm-up: JIT and first connections
        for (var i = 0; i < Runs; i++) yield return run();
    }

    private static byte[] Payload(int size)
    {
        const string head = "{\"data\":\"", tail = "\"}";
        return Encoding.UTF8.GetBytes(head + new string('x', size - head.Length - tail.Length) + tail);
    }

    private static double ThroughBroker(byte[][] payloads, int count, Route route)
    {
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: $"bench-{Guid.NewGuid():N}");
        using var publisher = route == Route.External ? BusClient.ConnectExternal(broker.Endpoints, credentials) : broker.ConnectLocal();
        using var subscriber = route == Route.Hub ? broker.ConnectLocal() : BusClient.ConnectExternal(broker.Endpoints, credentials);
        using var subscription = subscriber.Subscribe("bench.>", capacity: Capacity);
        WaitUntilFlowing(publisher, subscription);
        var droppedBefore = publisher.PublishDropped;

        var received = 0;
        var watch = new Stopwatch();
        var lastAt = TimeSpan.Zero;
        var consumer = new Thread(() => (received, lastAt) = Consume(subscription, count, watch)) { Name = "bench-consumer" };
        watch.Start();
        consumer.Start();
        for (var i = 0; i < count; i++)
        {
            // Publishing never blocks, so a publisher faster than the consumer would only measure drops:
            // it paces itself on the subscriber's queue depth and the figure is a lossless delivery rate.
            if ((i & 255) == 0)
                while (subscription.Reader.Count > Capacity / 2) Thread.Sleep(1);
            while (!publisher.TryPublish(Topic, "bench", payloads[i % payloads.Length])) Thread.Yield();
        }
        consumer.Join();
        watch.Stop();
        Report($"bus {route}", count, received, subscription.Overflow, publisher.PublishDropped - droppedBefore);
        return Rate(received, lastAt);
    }

    /// <returns>Messages read and when the last one was (a run that lost some is not charged the final wait).</returns>
    private static (int Received, TimeSpan LastAt) Consume(BusSubscription subscription, int count, Stopwatch watch)
    {
        var reader = subscription.Reader;
        var received = 0;
        var lastAt = TimeSpan.Zero;
        while (received < count)
        {
            if (reader.TryRead(out _)) { received++; continue; }
            lastAt = watch.Elapsed;
            if (!reader.WaitToReadAsync().AsTask().Wait(TimeSpan.FromSeconds(2))) return (received, lastAt); // the rest was lost
        }
        return (received, watch.Elapsed);
    }

    private static double Rate(int received, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? received / elapsed.TotalSeconds : 0;

    private static void WaitUntilFlowing(BusClient publisher, BusSubscription subscription)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            publisher.Publish("bench.probe", "probe", "{}"u8.ToArray());
            if (subscription.Reader.WaitToReadAsync().AsTask().Wait(TimeSpan.FromMilliseconds(50))) break;
        }
        Thread.Sleep(100);
        while (subscription.Reader.TryRead(out _)) { }
    }

    /// <summary>The bus's socket topology and frames with nothing of decnet's on top.</summary>
    private static double RawTopology(byte[] envelope, int count, Transport transport)
    {
        var topic = Encoding.UTF8.GetBytes(Topic);
        using var pull = new PullSocket();
        using var xpub = new XPublisherSocket();
        using var push = new PushSocket();
        using var sub = new SubscriberSocket();
        foreach (var s in new NetMQSocket[] { pull, xpub, push, sub }) s.Options.Linger = TimeSpan.Zero;
        pull.Options.ReceiveHighWatermark = xpub.Options.SendHighWatermark = 50_000;
        push.Options.SendHighWatermark = sub.Options.ReceiveHighWatermark = 50_000;
        if (transport == Transport.TcpCurve)
        {
            var server = new NetMQCertificate();
            foreach (var s in new NetMQSocket[] { pull, xpub }) { s.Options.CurveServer = true; s.Options.CurveCertificate = server; }
            foreach (var s in new NetMQSocket[] { push, sub }) { s.Options.CurveServerKey = server.PublicKey; s.Options.CurveCertificate = new NetMQCertificate(); }
        }
        string pubEndpoint, subEndpoint;
        if (transport == Transport.Inproc)
        {
            var name = Guid.NewGuid().ToString("N");
            pull.Bind(pubEndpoint = $"inproc://raw-{name}-pub");
            xpub.Bind(subEndpoint = $"inproc://raw-{name}-sub");
        }
        else
        {
            pubEndpoint = $"tcp://127.0.0.1:{pull.BindRandomPort("tcp://127.0.0.1")}";
            subEndpoint = $"tcp://127.0.0.1:{xpub.BindRandomPort("tcp://127.0.0.1")}";
        }
        push.Connect(pubEndpoint);
        sub.Connect(subEndpoint);
        sub.Subscribe("bench.");

        using var poller = new NetMQPoller { pull, xpub };
        var forward = new Msg();
        forward.InitEmpty();
        pull.ReceiveReady += (_, _) =>
        {
            for (var n = 0; n < 2048 && pull.TryReceive(ref forward, TimeSpan.Zero); n++)
                while (true)
                {
                    var more = forward.HasMore;
                    xpub.TrySend(ref forward, TimeSpan.Zero, more);
                    if (!more || !pull.TryReceive(ref forward, TimeSpan.Zero)) break;
                }
        };
        xpub.ReceiveReady += (_, _) => { while (xpub.TryReceive(ref forward, TimeSpan.Zero)) { } };
        poller.RunAsync();

        // slow joiner: send until the first message makes it through
        var probe = new Msg();
        probe.InitEmpty();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            SendTwoFrames(push, topic, envelope);
            if (sub.TryReceive(ref probe, TimeSpan.FromMilliseconds(50))) break;
        }
        Thread.Sleep(100);
        while (sub.TryReceive(ref probe, TimeSpan.Zero)) { }
        probe.Close();

        var received = 0;
        var watch = new Stopwatch();
        var lastAt = TimeSpan.Zero;
        var consumer = new Thread(() =>
        {
            var msg = new Msg();
            msg.InitEmpty();
            while (received < count && sub.TryReceive(ref msg, TimeSpan.FromSeconds(2)))
            {
                sub.TryReceive(ref msg, TimeSpan.Zero); // the envelope frame
                received++;
                lastAt = watch.Elapsed;
            }
            msg.Close();
        });
        watch.Start();
        consumer.Start();
        for (var i = 0; i < count; i++) SendTwoFrames(push, topic, envelope);
        consumer.Join();
        watch.Stop();
        poller.Stop();
        Report($"raw topology {transport}", count, received, 0);
        return Rate(received, lastAt);
    }

    private static void SendTwoFrames(PushSocket push, byte[] topic, byte[] envelope)
    {
        var msg = new Msg();
        msg.InitGC(topic, topic.Length);
        while (!push.TrySend(ref msg, TimeSpan.Zero, more: true)) Thread.Yield();
        msg.InitPool(envelope.Length);
        envelope.CopyTo(msg.Slice());
        push.TrySend(ref msg, TimeSpan.Zero, more: false);
    }

    private static double RawPushPull(byte[] frame, int count)
    {
        using var pull = new PullSocket();
        using var push = new PushSocket();
        pull.Options.Linger = push.Options.Linger = TimeSpan.Zero;
        pull.Options.ReceiveHighWatermark = push.Options.SendHighWatermark = 50_000;
        var endpoint = $"inproc://bench-raw-{Guid.NewGuid():N}";
        pull.Bind(endpoint);
        push.Connect(endpoint);
        var received = 0;
        var watch = new Stopwatch();
        var lastAt = TimeSpan.Zero;
        var consumer = new Thread(() =>
        {
            var msg = new Msg();
            msg.InitEmpty();
            while (received < count && pull.TryReceive(ref msg, TimeSpan.FromSeconds(2)))
            {
                received++;
                lastAt = watch.Elapsed;
            }
            msg.Close();
        });
        watch.Start();
        consumer.Start();
        for (var i = 0; i < count; i++)
        {
            var msg = new Msg();
            msg.InitPool(frame.Length);
            frame.CopyTo(msg.Slice());
            while (!push.TrySend(ref msg, TimeSpan.Zero, more: false)) Thread.Yield();
        }
        consumer.Join();
        watch.Stop();
        Report("raw push/pull", count, received, 0);
        return Rate(received, lastAt);
    }

    private static double Codec(byte[] payload, int count, bool decode)
    {
        var envelope = new BusEnvelope(EnvelopeId.New(TimeProvider.System), DateTimeOffset.UtcNow, Topic, "bench", payload);
        var encoded = EnvelopeCodec.Encode(envelope);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using var writer = new System.Text.Json.Utf8JsonWriter(buffer);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (decode)
            {
                EnvelopeCodec.Decode(encoded);
            }
            else
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                EnvelopeCodec.Write(writer, envelope);
            }
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static void Report(string what, int sent, int received, long overflow, long publishRetries = 0)
    {
        if (received < sent || overflow > 0)
            Console.Error.WriteLine($"bus bench {what}: {sent - received} of {sent} lost ({overflow} by subscription overflow)");
        if (publishRetries > 0)
            Console.Error.WriteLine($"bus bench {what}: publisher queue full {publishRetries} times (retried, not lost)");
    }
}
