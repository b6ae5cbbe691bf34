using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;

namespace Decnet.Engine.Clustering;

/// <summary>The `campaign-clusterer` worker: wakes on identity.* and relinks the campaigns the changed identities touch (everything when standalone).</summary>
public sealed class CampaignClustererWorker(StoreGate store, CampaignClusterer clusterer, IdentityClusterer? identities) : Worker
{
    public const string WorkerName = "campaign-clusterer";
    public override string Name => WorkerName;
    public override IReadOnlyList<string> WakePatterns => [TopicPatterns.AnyIdentity];

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        // Beside the identity clusterer: incremental over the identities it re-formed; standalone: a full link over the store.
        if (identities is not null) clusterer.Tick(store, context.Bus, identities);
        else clusterer.Tick(store, context.Bus, (IdentityGraph?)null);
        return Task.CompletedTask;
    }
}
