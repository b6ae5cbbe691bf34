using Decnet.Bus;
using Decnet.Engine.Workers;

namespace Decnet.Engine.GeoIp;

/// <summary>The `geoip` worker: reloads the data when system.geoip.updated says it changed (and on the slow tick).</summary>
public sealed class GeoReloadWorker(GeoSource source) : Worker
{
    public const string WorkerName = "geoip";
    public override string Name => WorkerName;
    public override IReadOnlyList<string> WakePatterns => [Topics.SystemGeoipUpdated];

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        source.Reload();
        return Task.CompletedTask;
    }
}
