namespace Decnet.Engine.Webhooks;

/// <summary>A token bucket per subscription (burst = one second's worth). Not thread-safe: the dispatcher loop owns it.</summary>
public sealed class RateLimiter(TimeProvider time)
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes a token when one is available; with no rate configured, always true.</summary>
    public bool TryTake(string subscriptionId, double? perSecond)
    {
        if (perSecond is not > 0) return true;
        var now = time.GetTimestamp();
        var burst = Math.Max(1, perSecond.Value);
        var (tokens, at) = _buckets.TryGetValue(subscriptionId, out var b) ? b : (burst, now);
        tokens = Math.Min(burst, tokens + time.GetElapsedTime(at, now).TotalSeconds * perSecond.Value);
        if (tokens < 1) { _buckets[subscriptionId] = (tokens, now); return false; }
        _buckets[subscriptionId] = (tokens - 1, now);
        return true;
    }

    /// <summary>How long until the next token (zero when one is ready).</summary>
    public TimeSpan UntilNext(string subscriptionId, double? perSecond)
    {
        if (perSecond is not > 0 || !_buckets.TryGetValue(subscriptionId, out var b)) return TimeSpan.Zero;
        var tokens = b.Tokens + time.GetElapsedTime(b.At).TotalSeconds * perSecond.Value;
        return tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - tokens) / perSecond.Value);
    }
}
