using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Webhooks;
using Decnet.Storage;
using Decnet.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Webhooks;

/// <summary>A store in a temp dir, a sender allowed to reach loopback, and a dispatcher with fast retry timings.</summary>
public sealed class WebhookFixture : IAsyncDisposable
{
    private readonly TempDataDir _dir = new();
    private CancellationTokenSource? _cts;
    private Task? _run;

    public WebhookFixture(TimeSpan? timeout = null, WebhookLimits? limits = null, TimeSpan? window = null, TimeSpan? maxDelay = null)
    {
        Store = new StoreGate(DecnetStore.Open(_dir.Path, "test", TimeProvider.System));
        Sender = new WebhookSender(TimeProvider.System, "test", allowPrivateEverywhere: true, 64, timeout ?? TimeSpan.FromSeconds(5));
        Limits = limits ?? new WebhookLimits { PollInterval = TimeSpan.FromMilliseconds(20), BreakerFirstPause = TimeSpan.FromMilliseconds(100), BreakerMaxPause = TimeSpan.FromMilliseconds(400) };
        Retry = new RetryPolicy(new Random(42)) { First = TimeSpan.FromMilliseconds(20), Max = maxDelay ?? TimeSpan.FromMilliseconds(200), Window = window ?? TimeSpan.FromHours(24) };
        NewDispatcher();
    }

    public StoreGate Store { get; }
    public WebhookSender Sender { get; }
    public WebhookLimits Limits { get; }
    public RetryPolicy Retry { get; }
    public WebhookDispatcher Dispatcher { get; private set; } = null!;
    public string DataDir => _dir.Path;

    public void NewDispatcher() => Dispatcher = new WebhookDispatcher(Store, Sender, Retry, TimeProvider.System, NullLogger.Instance, Limits);

    public WebhookSubscription Add(string name, string url, string[] patterns, string? secret = null, double? rate = null)
    {
        var sub = new WebhookSubscription(WebhookRules.NewId(), name, url, patterns, secret ?? WebhookSecret.Generate(), null, null, true, rate, true, DateTimeOffset.UtcNow);
        Store.Use(s => { s.Webhooks.InsertSubscription(sub); return 0; });
        return sub;
    }

    public void Start()
    {
        Dispatcher.SetSubscriptions(Store.Use(s => s.Webhooks.ListSubscriptions()));
        _cts = new CancellationTokenSource();
        _run = Task.Run(() => Dispatcher.RunAsync(_cts.Token));
    }

    public async Task StopAsync()
    {
        if (_cts is null) return;
        await _cts.CancelAsync();
        await _run!;
        _cts = null;
    }

    private static int _seq;

    public static BusEnvelope Event(string topic = "attacker.observed", string? payload = null) =>
        new(EnvelopeId.New(TimeProvider.System), DateTimeOffset.UtcNow, topic, topic,
            System.Text.Encoding.UTF8.GetBytes(payload ?? $"{{\"ip\":\"198.51.100.{Interlocked.Increment(ref _seq) % 250}\"}}"));

    public IReadOnlyList<WebhookDelivery> Deliveries(DeliveryStatus? status = null) => Store.Use(s => s.Webhooks.ListDeliveries(null, status, int.MaxValue));

    public static async Task Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Sender.Dispose();
        Store.Dispose();
        _dir.Dispose();
    }
}
