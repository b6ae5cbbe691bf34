namespace Decnet.Engine.Workers;

/// <summary>A worker as `decnet workers` shows it.</summary>
public sealed record WorkerStatus(string Name, WorkerState State, DateTimeOffset? LastHeartbeat, long Ticks, long Errors, string? LastError)
{
    /// <summary>Heartbeat health: ok under 90 s old, then stale; unknown when never seen.</summary>
    public static string Health(DateTimeOffset? lastHeartbeat, DateTimeOffset now) =>
        lastHeartbeat is null ? "unknown" : now - lastHeartbeat.Value < TimeSpan.FromSeconds(90) ? "ok" : "stale";
}
