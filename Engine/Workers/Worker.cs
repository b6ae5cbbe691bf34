using Decnet.Bus;

namespace Decnet.Engine.Workers;

/// <summary>
/// A unit of background work run by <see cref="WorkerShell"/>: a name, the bus topics that wake it, a slow tick,
/// and <see cref="TickAsync"/>. Long-lived resources (sockets) belong in <see cref="StartAsync"/>/<see cref="StopAsync"/>.
/// </summary>
public abstract class Worker
{
    public abstract string Name { get; }

    /// <summary>Bus patterns whose events wake the worker early.</summary>
    public virtual IReadOnlyList<string> WakePatterns => [];

    /// <summary>How often the worker ticks without a wake-up; null = the supervisor's default slow tick.</summary>
    public virtual TimeSpan? SlowTick => null;

    public virtual Task StartAsync(WorkerContext context, CancellationToken ct) => Task.CompletedTask;

    public abstract Task TickAsync(WorkerContext context, CancellationToken ct);

    /// <summary>Called once when stopping, after the last tick: flush what was acknowledged.</summary>
    public virtual Task StopAsync(WorkerContext context, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>What the shell hands a worker. <see cref="Bus"/> is null in idle mode (no bus).</summary>
public sealed record WorkerContext(IBus? Bus, TimeProvider Time, Microsoft.Extensions.Logging.ILogger Log, Action Wake);
