using System.Diagnostics;
using System.Text;
using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Webhooks;
using Decnet.Engine.Workers;
using Decnet.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Bench;

/// <summary>
/// Webhooks end to end through the real outbox (LiteDB in a temp dir) and real HTTP to a keep-alive loopback
/// receiver (raw sockets, 200 with an empty body), every request signed with both schemes:
/// burst throughput, event-to-delivery latency at 200 events/s through the in-process bus and the webhook worker,
/// and a 100,000-delivery backlog drained after an outage. Each figure stands beside its target.
/// </summary>
public static class WebhookBench
{
    public static IEnumerable<BenchFigure> Run()
    {
        if (Environment.GetEnvironmentVariable("WH_INSERT_ONLY") == "1") { InsertOnly(30_000); yield break; }
        yield return new BenchFigure("webhook signed deliveries (burst)", Throughput(30_000), "deliv/s", "target ≥", 5_000, "deliv/s");
        if (Environment.GetEnvironmentVariable("WH_BURST_ONLY") == "1") yield break;
        yield return new BenchFigure("webhook signed HTTP only, no outbox", HttpOnly(20_000), "req/s", "target ≥", 5_000, "req/s");
        var (p50, p99, p999) = Latency(200, TimeSpan.FromSeconds(15));
        yield return new BenchFigure("webhook event→delivery p50 @200/s", p50, "µs", "target ≤", 5_000, "µs");
        yield return new BenchFigure("webhook event→delivery p99 @200/s", p99, "µs", "target ≤", 25_000, "µs");
        Console.Error.WriteLine($"webhook: p99.9 at 200 events/s = {p999:N0} µs");
        var (rate, seconds) = Backlog(100_000);
        Console.Error.WriteLine($"webhook: 100,000 outbox backlog drained in {seconds:0.0} s");
        yield return new BenchFigure("webhook 100k backlog drain", rate, "deliv/s", "target ≥ (full speed)", 5_000, "deliv/s");
    }

    private sealed class Rig : IDisposable
    {
        public readonly string Dir = Path.Combine(Path.GetTempPath(), "decnet-webhook-bench-" + Guid.NewGuid().ToString("N")[..8]);
        public readonly StoreGate Store;
        public readonly WebhookSender Sender;
        public readonly LoopbackReceiver Receiver = new(keep: false);
        public readonly WebhookSubscription Sub;

        public Rig()
        {
            Store = new StoreGate(DecnetStore.Open(Dir, "bench", TimeProvider.System));
            Sender = new WebhookSender(TimeProvider.System, "bench", allowPrivateEverywhere: true, 64);
            Sub = new WebhookSubscription(WebhookRules.NewId(), "bench", Receiver.Url(), ["bench.>"], WebhookSecret.Generate(), null, null, true, null, true, DateTimeOffset.UtcNow);
            Store.Use(s => { s.Webhooks.InsertSubscription(Sub); return 0; });
        }

        public WebhookDispatcher Dispatcher() =>
            new(Store, Sender, new RetryPolicy(new Random(7)), TimeProvider.System, NullLogger.Instance, new WebhookLimits(Concurrency: 64));

        public void Dispose()
        {
            Receiver.Dispose();
            Sender.Dispose();
            Store.Dispose();
            try { Directory.Delete(Dir, true); } catch (IOException) { }
        }
    }

    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        "{\"ip\":\"203.0.113.77\",\"sensor\":\"decky-ssh-01\",\"events\":42,\"country_code\":\"NL\",\"asn\":64500,\"services\":[\"ssh\",\"telnet\"],\"hassh\":\"ec7378c1a92f5a8dde7e8b7a1ddf33d1\"}");

    private static double Throughput(int count)
    {
        using var rig = new Rig();
        var dispatcher = rig.Dispatcher();
        dispatcher.SetSubscriptions([rig.Sub]);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => dispatcher.RunAsync(cts.Token));
        // Warm up connections and the JIT.
        for (var i = 0; i < 500; i++) dispatcher.Offer(rig.Sub, Envelope(i));
        while (dispatcher.Counters.Delivered < 500) Thread.Sleep(5);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) dispatcher.Offer(rig.Sub, Envelope(i));
        while (dispatcher.Counters.Delivered < 500 + count) Thread.Sleep(1);
        var rate = count / start.Elapsed.TotalSeconds;
        // On a shared machine the wall-clock rate says as much about the neighbours as about decnet; CPU time does not.
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.Error.WriteLine($"webhook: burst used {cpuSeconds:0.00} CPU-s for {count:N0} deliveries = {count / cpuSeconds:N0} deliveries per CPU-second (sender, outbox and receiver in this one process)");
        cts.Cancel();
        run.Wait();
        if (rig.Receiver.Count < 500 + count) Console.Error.WriteLine($"webhook: receiver saw {rig.Receiver.Count}, expected {500 + count}");
        return rate;
    }

    /// <summary>Diagnosis (WH_INSERT_ONLY=1): the intake and outbox insert alone, subscription disabled so nothing is sent.</summary>
    private static void InsertOnly(int count)
    {
        using var rig = new Rig();
        var dispatcher = rig.Dispatcher();
        dispatcher.SetSubscriptions([rig.Sub with { Enabled = false }]);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => dispatcher.RunAsync(cts.Token));
        for (var i = 0; i < 500; i++) dispatcher.Offer(rig.Sub, Envelope(i));
        while (dispatcher.Counters.Stored < 500) Thread.Sleep(5);
        var envs = Enumerable.Range(0, count).Select(Envelope).ToArray();
        var gc0 = GC.CollectionCount(0); var gc2 = GC.CollectionCount(2);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.StartNew();
        foreach (var e in envs) dispatcher.Offer(rig.Sub, e);
        while (dispatcher.Counters.Stored < 500 + count) Thread.Sleep(1);
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.Error.WriteLine($"insert only: {count / start.Elapsed.TotalSeconds:N0}/s wall, {cpuSeconds * 1e6 / count:0} µs CPU per delivery, gc0 {GC.CollectionCount(0) - gc0} gc2 {GC.CollectionCount(2) - gc2}");
        cts.Cancel();
        run.Wait();
    }

    /// <summary>The same signed requests straight from the sender, 64 at a time: the HTTP share of the cost.</summary>
    private static double HttpOnly(int count)
    {
        using var rig = new Rig();
        var body = WebhookBody.Encode(Envelope(0));
        var next = -500;
        async Task Loop()
        {
            while (Interlocked.Increment(ref next) <= count)
                await rig.Sender.SendAsync(rig.Sub, "01JDQ3M2W8Q0YV8T3N3Q5M6C7D", "bench.load", body, CancellationToken.None);
        }
        Task.WaitAll(Enumerable.Range(0, 64).Select(_ => Task.Run(Loop)).ToArray());
        next = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, 64).Select(_ => Task.Run(Loop)).ToArray());
        var rate = count / watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.Error.WriteLine($"webhook: HTTP only used {cpuSeconds:0.00} CPU-s = {count / cpuSeconds:N0} requests per CPU-second");
        return rate;
    }

    private static BusEnvelope Envelope(int seq) =>
        new(EnvelopeId.New(TimeProvider.System), DateTimeOffset.UtcNow, "bench.load", "bench", Payload);

    private static (double P50, double P99, double P999) Latency(int perSecond, TimeSpan duration)
    {
        using var rig = new Rig();
        var credentials = BusCredentials.Generate();
        using var broker = BusBroker.Start(credentials, inprocName: $"webhook-bench-{Guid.NewGuid():N}");
        using var workerBus = broker.ConnectLocal();
        using var publisher = broker.ConnectLocal();
        var worker = new WebhookWorker(rig.Store, rig.Sender, new Random(3), new WebhookLimits(Concurrency: 64));
        var context = new WorkerContext(workerBus, TimeProvider.System, NullLogger.Instance, () => { });
        worker.StartAsync(context, CancellationToken.None).Wait();

        var total = (int)(perSecond * duration.TotalSeconds);
        var sentAt = new long[total];
        var latencies = new double[total];
        var seen = 0;
        rig.Receiver.OnRequest = r =>
        {
            // Payload: {"seq":N,...}; the sequence number indexes the send time.
            var body = r.Body.AsSpan();
            var at = body.IndexOf("\"seq\":"u8);
            if (at < 0) return;
            var rest = body[(at + 6)..];
            var n = 0;
            foreach (var b in rest) { if (b is < (byte)'0' or > (byte)'9') break; n = n * 10 + (b - '0'); }
            if (n < total && latencies[n] == 0)
            {
                latencies[n] = Stopwatch.GetElapsedTime(sentAt[n], r.ReceivedTimestamp).TotalMicroseconds;
                Interlocked.Increment(ref seen);
            }
        };
        // Warm-up (not measured): the bus subscription, the connection pool and the JIT.
        for (var i = 0; i < 200; i++) publisher.Publish("bench.warm", "bench", Payload);
        Thread.Sleep(1000);

        var interval = Stopwatch.Frequency / perSecond;
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = origin + i * interval;
            while (Stopwatch.GetTimestamp() < due) { if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500) Thread.Sleep(1); else Thread.SpinWait(20); }
            var payload = Encoding.UTF8.GetBytes($"{{\"seq\":{i},\"ip\":\"203.0.113.77\",\"sensor\":\"decky-ssh-01\"}}");
            sentAt[i] = Stopwatch.GetTimestamp();
            publisher.Publish("bench.load", "bench", payload);
        }
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref seen) < total && deadline.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(10);
        worker.StopAsync(context, CancellationToken.None).Wait();
        if (seen < total) Console.Error.WriteLine($"webhook: latency run delivered {seen} of {total}");
        var sorted = latencies.Where(l => l > 0).Order().ToArray();
        double Pct(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        return (Pct(0.50), Pct(0.99), Pct(0.999));
    }

    private static (double Rate, double Seconds) Backlog(int count)
    {
        using var rig = new Rig();
        var now = DateTimeOffset.UtcNow;
        var fill = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 5_000)
        {
            var batch = new List<WebhookDelivery>(5_000);
            for (var i = start; i < Math.Min(count, start + 5_000); i++)
            {
                var e = Envelope(i);
                batch.Add(new WebhookDelivery(WebhookDelivery.MakeId(rig.Sub.Id, e.Id), rig.Sub.Id, rig.Sub.Name, e.Id, e.Topic, now, now,
                    WebhookBody.Encode(e), DeliveryStatus.Pending, 1, now, null, "receiver was down", null, null));
            }
            rig.Store.Use(s => s.Webhooks.AddDeliveries(batch));
        }
        Console.Error.WriteLine($"webhook: stored a {count:N0}-delivery backlog in {fill.Elapsed.TotalSeconds:0.0} s");
        var dispatcher = rig.Dispatcher();
        dispatcher.SetSubscriptions([rig.Sub]);
        using var cts = new CancellationTokenSource();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => dispatcher.RunAsync(cts.Token));
        while (dispatcher.Counters.Delivered < count && watch.Elapsed < TimeSpan.FromMinutes(5)) Thread.Sleep(5);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.Error.WriteLine($"webhook: backlog drain used {cpuSeconds:0.0} CPU-s = {dispatcher.Counters.Delivered / cpuSeconds:N0} deliveries per CPU-second");
        cts.Cancel();
        run.Wait();
        var left = rig.Store.Use(s => s.Webhooks.CountDeliveries(DeliveryStatus.Pending));
        if (left > 0) Console.Error.WriteLine($"webhook: {left} deliveries still pending after the drain");
        return (dispatcher.Counters.Delivered / seconds, seconds);
    }
}
