namespace Decnet.Engine.Webhooks;

/// <summary>What to do after an attempt.</summary>
public enum AttemptVerdict { Delivered, Retry, Final, Dead }

/// <summary>
/// Retries on network errors, 408, 429 and 5xx with exponential back-off (1 s doubling to 1 h) and jitter
/// (each delay drawn from [½d, d] with the seeded Random), honouring a longer Retry-After up to the cap; every other
/// status is final; after 24 h of trying the delivery is dead.
/// </summary>
public sealed class RetryPolicy(Random random)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    public TimeSpan First { get; init; } = FirstDelay;
    public TimeSpan Max { get; init; } = MaxDelay;
    public TimeSpan Window { get; init; } = GiveUpAfter;

    public static bool IsRetryable(AttemptResult r) => !r.Refused && (r.StatusCode is null or 408 or 429 or >= 500);

    public AttemptVerdict Judge(AttemptResult result, DateTimeOffset windowStart, DateTimeOffset now)
    {
        if (result.Succeeded) return AttemptVerdict.Delivered;
        if (!IsRetryable(result)) return AttemptVerdict.Final;
        return now - windowStart >= Window ? AttemptVerdict.Dead : AttemptVerdict.Retry;
    }

    /// <summary>Delay before attempt number <paramref name="attemptsSoFar"/> + 1.</summary>
    public TimeSpan NextDelay(int attemptsSoFar, TimeSpan? retryAfter)
    {
        var exponent = Math.Clamp(attemptsSoFar - 1, 0, 30);
        var full = Math.Min(Max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, exponent));
        double jittered;
        lock (random) jittered = full * (0.5 + 0.5 * random.NextDouble());
        var delay = TimeSpan.FromMilliseconds(jittered);
        if (retryAfter is { } asked && asked > delay) delay = asked < Max ? asked : Max;
        return delay;
    }
}
