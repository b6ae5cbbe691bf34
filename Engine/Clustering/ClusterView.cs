using Decnet.Storage;

namespace Decnet.Engine.Clustering;

/// <summary>
/// What `identities`/`campaigns` show for one live id: members (IPs, or identity ids for a campaign), when and from
/// where they were active, the ids merged into it, and the links (with their top evidence) that joined it.
/// </summary>
public sealed record ClusterView(string Id, string? RequestedId, IReadOnlyList<string> Members, IReadOnlyList<string> Ips,
    DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, IReadOnlyList<string> Countries, IReadOnlyList<uint> Asns,
    string? CampaignId, IReadOnlyList<string> MergedIds, IReadOnlyList<LinkEvidence> Evidence);

/// <summary>Builds <see cref="ClusterView"/>s from the store.</summary>
public sealed class ClusterViews(DecnetStore store)
{
    private readonly ClusterMembership _identities = new(store.Identities.ListAll());
    private readonly ClusterMembership _campaigns = new(store.Campaigns.ListAll());

    public IEnumerable<ClusterView> Identities() => _identities.LiveIds.Select(id => Identity(id, id)!);
    public IEnumerable<ClusterView> Campaigns() => _campaigns.LiveIds.Select(id => Campaign(id, id)!);

    /// <summary>The identity <paramref name="requested"/> resolves to (through merges), or null if unknown.</summary>
    public ClusterView? Identity(string requested) => Identity(requested, requested);

    public ClusterView? Campaign(string requested) => Campaign(requested, requested);

    private ClusterView? Identity(string requested, string _)
    {
        if (!_identities.States.ContainsKey(requested)) return null;
        var id = _identities.Resolve(requested);
        var ips = _identities.Members(id);
        return Build(id, requested, ips, ips, store.Identities.Get(id), _identities, _campaigns.Of(id));
    }

    private ClusterView? Campaign(string requested, string _)
    {
        if (!_campaigns.States.ContainsKey(requested)) return null;
        var id = _campaigns.Resolve(requested);
        var members = _campaigns.Members(id);
        var ips = members.SelectMany(_identities.Members).ToList();
        return Build(id, requested, members, ips, store.Campaigns.Get(id), _campaigns, null);
    }

    private ClusterView Build(string id, string requested, IReadOnlyList<string> members, IReadOnlyList<string> ips, ClusterRecord? record,
        ClusterMembership level, string? campaign)
    {
        DateTimeOffset? first = null, last = null;
        var countries = new SortedSet<string>(StringComparer.Ordinal);
        var asns = new SortedSet<uint>();
        foreach (var ip in ips)
        {
            if (store.Attackers.Get(ip) is not { } p) continue;
            if (first is null || p.FirstSeen < first) first = p.FirstSeen;
            if (last is null || p.LastSeen > last) last = p.LastSeen;
            if (p.Geo?.CountryCode is { } cc) countries.Add(cc);
            if (p.Geo?.Asn is { } asn) asns.Add(asn);
        }
        var merged = level.States.Values.Where(s => s.Id != id && level.Resolve(s.Id) == id).OrderBy(s => s.Seq).Select(s => s.Id).ToList();
        return new ClusterView(id, requested == id ? null : requested, members, ips, first, last, countries.ToList(), asns.ToList(),
            campaign, merged, record?.Evidence.ToArray() ?? []);
    }
}
