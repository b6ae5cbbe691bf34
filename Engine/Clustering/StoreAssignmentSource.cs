using Decnet.Engine.Evaluation;
using Decnet.Storage;

namespace Decnet.Engine.Clustering;

/// <summary>The store's identities and campaigns as a predicted labelling for `decnet eval` (winners resolved through merges).</summary>
public sealed class StoreAssignmentSource(DecnetStore store) : IClusterAssignmentSource
{
    public IReadOnlyDictionary<string, ClusterAssignment> Load(CancellationToken cancellationToken)
    {
        var identities = new ClusterMembership(store.Identities.ListAll());
        var campaigns = new ClusterMembership(store.Campaigns.ListAll());
        var result = new Dictionary<string, ClusterAssignment>(StringComparer.Ordinal);
        foreach (var id in identities.LiveIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var campaign = campaigns.Of(id) ?? "";
            foreach (var ip in identities.Members(id)) result[ip] = new ClusterAssignment(id, campaign);
        }
        return result;
    }
}
