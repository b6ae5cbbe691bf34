using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;

namespace Decnet.Engine.Clustering;

/// <summary>The `campaign-clusterer` worker: wakes on identity.* and relinks campaigns over the stored identities.</summary>
public sealed class CampaignClustererWorker(StoreGate store, CampaignClusterer clusterer, IdentityClusterer? identities) : Worker
{
    public const string WorkerName = "campaign-clusterer";
    public override string Name => WorkerName;
    public override IReadOnlyList<string> WakePatterns => [TopicPatterns.AnyIdentity];

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        clusterer.Tick(store, context.Bus, identities?.Graph);
        return Task.CompletedTask;
    }
}
