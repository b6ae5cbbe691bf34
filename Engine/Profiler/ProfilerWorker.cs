using Decnet.Engine.Ingest;
using Decnet.Engine.Workers;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Profiler;

/// <summary>Drains the listener's event queue into attacker profiles, in batches of one transaction each.</summary>
public sealed class ProfilerWorker(EventQueue queue, AttackerIngestor ingestor, int batchSize = 5000) : Worker
{
    public const string WorkerName = "profiler";
    public override string Name => WorkerName;

    // Events waiting in memory are not yet acknowledged anywhere, so drain often.
    public override TimeSpan? SlowTick => TimeSpan.FromSeconds(1);

    public override Task StartAsync(WorkerContext context, CancellationToken ct)
    {
        queue.OnEnqueue = context.Wake;
        return Task.CompletedTask;
    }

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        Drain(context, ct);
        return Task.CompletedTask;
    }

    public override Task StopAsync(WorkerContext context, CancellationToken ct)
    {
        queue.OnEnqueue = null;
        Drain(context, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Drain(WorkerContext context, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var batch = queue.Drain(batchSize);
            if (batch.Count == 0) return;
            var result = ingestor.Ingest(batch);
            context.Log.LogDebug("profiled {Accepted} events ({Duplicates} duplicates, {New} new attackers)",
                result.Accepted, result.Duplicates, result.NewIps.Count);
        }
    }
}
