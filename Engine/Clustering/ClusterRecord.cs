using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>A shared value that supported a link, with the weight it contributed.</summary>
public sealed record EvidenceItem(FeatureKind Kind, string Value, double Weight);

/// <summary>One link that joined two members (IPs for an identity, identity ids for a campaign): its score and top evidence.</summary>
public sealed record LinkEvidence(string A, string B, double Score, EquatableArray<EvidenceItem> Items);

/// <summary>
/// A stored identity or campaign. <see cref="Members"/> are its <em>home</em> members (IPs, or identity ids for a
/// campaign): for a live record together with the home members of everything merged into it, for a merged one the
/// members it keeps so the merge can be revoked. <see cref="Seq"/> orders ids by age (the merge winner is the oldest).
/// </summary>
public sealed record ClusterRecord(string Id, long Seq, DateTimeOffset Created, DateTimeOffset Updated, string? MergedInto,
    EquatableArray<string> Members, EquatableArray<LinkEvidence> Evidence)
{
    public IdState ToState() => new(Id, Seq, MergedInto, Members);
}
