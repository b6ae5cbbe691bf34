namespace Decnet.Engine.Webhooks;

/// <summary>What one HTTP attempt gave: the status (null on a network error, timeout or refusal), how long it took,
/// a Retry-After the receiver asked for, and an error text.</summary>
public readonly record struct AttemptResult(int? StatusCode, double LatencyMs, TimeSpan? RetryAfter, string? Error, bool Refused = false)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
