using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// The `webhook` worker: one bus subscription per (enabled subscription, pattern) feeding the
/// <see cref="WebhookDispatcher"/>; reloads the subscriptions on system.webhook.subscriptions_changed and on the
/// slow tick (60 s); without a bus (idle mode) it still delivers what the outbox holds.
/// </summary>
public sealed class WebhookWorker(StoreGate store, WebhookSender sender, Random random, WebhookLimits? limits = null) : Worker
{
    public const string WorkerName = "webhook";
    public const int BusQueueCapacity = 16_384;

    private readonly List<BusSubscription> _busSubscriptions = [];
    private readonly CancellationTokenSource _stop = new();
    private WebhookDispatcher? _dispatcher;
    private Task? _run;
    private string _signature = "";

    public override string Name => WorkerName;
    public override IReadOnlyList<string> WakePatterns => [Topics.SystemWebhookSubscriptionsChanged];
    public override TimeSpan? SlowTick => TimeSpan.FromSeconds(60);

    public WebhookDispatcher? Dispatcher => _dispatcher;

    /// <summary>The worker as `supervise` runs it, configured from DECNET_WEBHOOK_*.</summary>
    public static WebhookWorker Create(StoreGate store, Decnet.Engine.Config.DecnetSettings settings, string version, TimeProvider time)
    {
        var s = WebhookSettings.From(settings);
        var sender = new WebhookSender(time, version, s.AllowPrivate, s.Concurrency, s.Timeout);
        return new WebhookWorker(store, sender, new Random(), new WebhookLimits(Concurrency: s.Concurrency));
    }

    public override Task StartAsync(WorkerContext context, CancellationToken ct)
    {
        _dispatcher = new WebhookDispatcher(store, sender, new RetryPolicy(random), context.Time, context.Log, limits);
        Reload(context);
        _run = Task.Run(() => _dispatcher.RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        Reload(context);
        var pruned = store.Use(s => s.Webhooks.PruneDelivered(context.Time.GetUtcNow() - (limits ?? new WebhookLimits()).KeepDelivered));
        if (pruned > 0) context.Log.LogInformation("webhook: pruned {Count} delivered records older than the retention", pruned);
        if (_run is { IsFaulted: true } failed) throw new InvalidOperationException("webhook dispatcher stopped: " + failed.Exception?.GetBaseException().Message);
        return Task.CompletedTask;
    }

    private void Reload(WorkerContext context)
    {
        var subs = store.Use(s => s.Webhooks.ListSubscriptions());
        _dispatcher!.SetSubscriptions(subs);
        var signature = string.Join("\n", subs.Where(s => s.Enabled).Select(s => s.Id + " " + string.Join(",", s.Patterns)));
        if (signature == _signature || context.Bus is not { } bus) return;
        _signature = signature;
        // New subscriptions first, then drop the old ones: an event arriving on both is stored once (same delivery id).
        var fresh = new List<BusSubscription>();
        foreach (var sub in subs.Where(s => s.Enabled))
            foreach (var pattern in sub.Patterns)
            {
                var busSub = bus.Subscribe(pattern, BusQueueCapacity);
                fresh.Add(busSub);
                _ = PumpAsync(sub, busSub, context.Log);
            }
        foreach (var old in _busSubscriptions) old.Dispose();
        _busSubscriptions.Clear();
        _busSubscriptions.AddRange(fresh);
        context.Log.LogInformation("webhook: {Subscriptions} enabled subscription(s), {Patterns} bus pattern(s)", subs.Count(s => s.Enabled), fresh.Count);
    }

    private async Task PumpAsync(WebhookSubscription sub, BusSubscription busSub, ILogger log)
    {
        var dispatcher = _dispatcher!;
        try
        {
            await foreach (var envelope in busSub.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                if (!dispatcher.Offer(sub, envelope) && dispatcher.Counters.IntakeDropped % 1000 == 1)
                    log.LogWarning("webhook {Name}: intake queue full, {Dropped} event(s) dropped so far", sub.Name, dispatcher.Counters.IntakeDropped);
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(WorkerContext context, CancellationToken ct)
    {
        foreach (var s in _busSubscriptions) s.Dispose();
        _busSubscriptions.Clear();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            try { await _run.WaitAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }
}
