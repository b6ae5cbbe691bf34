using System.Buffers;
using System.Text.Json;
using Decnet.Bus;

namespace Decnet.Engine.Clustering;

/// <summary>
/// Publishes the identity.* and campaign.* families (DESIGN.md §5) for one tick's changes. Payloads are small JSON
/// objects: the id, the other id (merged_into / was_merged_into), and up to <see cref="MaxMembers"/> members.
/// </summary>
public static class ClusterEvents
{
    public const int MaxMembers = 100;

    public static int PublishIdentityChanges(IBus? bus, IReadOnlyList<IdChange> changes)
    {
        if (bus is null) return 0;
        foreach (var c in changes)
        {
            switch (c.Kind)
            {
                case IdChangeKind.Formed: bus.Publish(Topics.IdentityFormed, Topics.IdentityFormed, Payload("identity_id", c.Id, null, null, "ips", c.Members)); break;
                case IdChangeKind.Linked: bus.Publish(Topics.IdentityObservationLinked, Topics.IdentityObservationLinked, Payload("identity_id", c.Id, "ip", c.Other, null, null)); break;
                case IdChangeKind.Merged: bus.Publish(Topics.IdentityMerged, Topics.IdentityMerged, Payload("identity_id", c.Id, "merged_into", c.Other, "ips", c.Members)); break;
                case IdChangeKind.Unmerged: bus.Publish(Topics.IdentityUnmerged, Topics.IdentityUnmerged, Payload("identity_id", c.Id, "was_merged_into", c.Other, "ips", c.Members)); break;
            }
        }
        return changes.Count;
    }

    public static int PublishCampaignChanges(IBus? bus, IReadOnlyList<IdChange> changes, IReadOnlyList<(string Identity, string Campaign)> assigned)
    {
        if (bus is null) return 0;
        foreach (var c in changes)
        {
            switch (c.Kind)
            {
                case IdChangeKind.Formed: bus.Publish(Topics.CampaignFormed, Topics.CampaignFormed, Payload("campaign_id", c.Id, null, null, "identities", c.Members)); break;
                case IdChangeKind.Merged: bus.Publish(Topics.CampaignMerged, Topics.CampaignMerged, Payload("campaign_id", c.Id, "merged_into", c.Other, "identities", c.Members)); break;
                case IdChangeKind.Unmerged: bus.Publish(Topics.CampaignUnmerged, Topics.CampaignUnmerged, Payload("campaign_id", c.Id, "was_merged_into", c.Other, "identities", c.Members)); break;
            }
        }
        foreach (var (identity, campaign) in assigned)
        {
            bus.Publish(Topics.CampaignIdentityAssigned, Topics.CampaignIdentityAssigned, Payload("campaign_id", campaign, "identity_id", identity, null, null));
            bus.Publish(Topics.IdentityCampaignAssigned, Topics.IdentityCampaignAssigned, Payload("identity_id", identity, "campaign_id", campaign, null, null));
        }
        return changes.Count + 2 * assigned.Count;
    }

    public static ReadOnlyMemory<byte> Payload(string idName, string id, string? otherName, string? other, string? listName, IReadOnlyList<string>? list)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString(idName, id);
            if (otherName is not null) w.WriteString(otherName, other);
            if (listName is not null && list is not null)
            {
                w.WriteStartArray(listName);
                for (var i = 0; i < Math.Min(list.Count, MaxMembers); i++) w.WriteStringValue(list[i]);
                w.WriteEndArray();
                w.WriteNumber(listName + "_count", list.Count);
            }
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
