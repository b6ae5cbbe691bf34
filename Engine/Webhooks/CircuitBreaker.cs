namespace Decnet.Engine.Webhooks;

/// <summary>
/// Per subscription: after <see cref="Threshold"/> consecutive failed attempts the subscription is paused; when the
/// pause ends one probe goes out; a failed probe doubles the pause (5 s … 10 min), a success closes the breaker.
/// Events keep being stored while open; nothing is dropped. Not thread-safe: the dispatcher loop owns it.
/// </summary>
public sealed class CircuitBreaker(TimeProvider time, TimeSpan? firstPause = null, TimeSpan? maxPause = null)
{
    public const int Threshold = 5;
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    private sealed class State
    {
        public int Failures;
        public int Opened;
        public DateTimeOffset PausedUntil;
        public bool ProbeInFlight;
    }

    public bool IsOpen(string subscriptionId) => _states.TryGetValue(subscriptionId, out var s) && s.Failures >= Threshold;

    /// <summary>When an open breaker next lets a probe through (null when closed).</summary>
    public DateTimeOffset? PausedUntil(string subscriptionId) =>
        _states.TryGetValue(subscriptionId, out var s) && s.Failures >= Threshold ? s.PausedUntil : null;

    /// <summary>True when an attempt may start now; an open breaker admits one probe once its pause is over.</summary>
    public bool TryAdmit(string subscriptionId)
    {
        if (!_states.TryGetValue(subscriptionId, out var s) || s.Failures < Threshold) return true;
        if (s.ProbeInFlight || time.GetUtcNow() < s.PausedUntil) return false;
        s.ProbeInFlight = true;
        return true;
    }

    public void Success(string subscriptionId) => _states.Remove(subscriptionId);

    /// <summary>Counts a failure; true when this failure opened (or re-opened) the breaker.</summary>
    public bool Failure(string subscriptionId)
    {
        if (!_states.TryGetValue(subscriptionId, out var s)) _states[subscriptionId] = s = new State();
        s.ProbeInFlight = false;
        s.Failures++;
        if (s.Failures < Threshold) return false;
        var pause = TimeSpan.FromTicks(Math.Min((maxPause ?? MaxPause).Ticks, (firstPause ?? FirstPause).Ticks << Math.Min(s.Opened, 20)));
        s.Opened++;
        s.PausedUntil = time.GetUtcNow() + pause;
        return true;
    }

    public void Forget(string subscriptionId) => _states.Remove(subscriptionId);
}
