using Decnet.Storage;

namespace Decnet.Engine.Clustering;

/// <summary>Each attacker IP's identity and campaign, resolved through merges to the live winners.</summary>
public static class ClusterLookup
{
    public static Func<string, (string? Identity, string? Campaign)> For(DecnetStore store)
    {
        var identities = new ClusterMembership(store.Identities.ListAll());
        var campaigns = new ClusterMembership(store.Campaigns.ListAll());
        return ip =>
        {
            var identity = identities.Of(ip);
            return (identity, identity is null ? null : campaigns.Of(identity));
        };
    }
}
