namespace Decnet.Engine.Webhooks;

/// <summary>
/// Bounds of the webhook worker: concurrent HTTP attempts across all subscriptions, the largest body sent, how many
/// deliveries of one subscription are held in memory at once, how often the outbox is polled for due retries,
/// and the queue between the bus and the outbox.
/// </summary>
public sealed record WebhookLimits(
    int Concurrency = 64,
    int MaxPayloadBytes = 256 * 1024,
    int ClaimPerSubscription = 1024,
    int IntakeCapacity = 100_000)
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan KeepDelivered { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan BreakerFirstPause { get; init; } = CircuitBreaker.FirstPause;
    public TimeSpan BreakerMaxPause { get; init; } = CircuitBreaker.MaxPause;
}
