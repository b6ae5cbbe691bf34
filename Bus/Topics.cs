namespace Decnet.Bus;

/// <summary>
/// Every topic family on the bus (renaming one is a breaking change). Topic strings are built here and
/// nowhere else. Fixed families are constants so a worker can <c>switch</c> on them; families with a
/// variable token are functions that validate the token.
/// </summary>
public static class Topics
{
    public const string AttackerObserved = "attacker.observed";
    public const string AttackerScored = "attacker.scored";

    public const string IdentityFormed = "identity.formed";
    public const string IdentityObservationLinked = "identity.observation.linked";
    public const string IdentityMerged = "identity.merged";
    public const string IdentityUnmerged = "identity.unmerged";
    public const string IdentityCampaignAssigned = "identity.campaign.assigned";

    public const string CampaignFormed = "campaign.formed";
    public const string CampaignIdentityAssigned = "campaign.identity.assigned";
    public const string CampaignMerged = "campaign.merged";
    public const string CampaignUnmerged = "campaign.unmerged";

    public const string CredentialCaptured = "credential.captured";

    public const string SystemWebhookSubscriptionsChanged = "system.webhook.subscriptions_changed";
    public const string SystemWebhookTest = "system.webhook.test";
    public const string SystemGeoipUpdated = "system.geoip.updated";

    /// <summary><c>topology.&lt;id&gt;.status</c></summary>
    public static string TopologyStatus(string topologyId)
        => $"topology.{TopicToken.Require(topologyId, nameof(topologyId))}.status";

    /// <summary><c>orchestrator.email.&lt;decky&gt;</c></summary>
    public static string OrchestratorEmail(string decky)
        => $"orchestrator.email.{TopicToken.Require(decky, nameof(decky))}";

    /// <summary><c>system.&lt;worker&gt;.health</c></summary>
    public static string SystemWorkerHealth(string worker)
        => $"system.{TopicToken.Require(worker, nameof(worker))}.health";

    /// <summary><c>system.&lt;worker&gt;.control</c></summary>
    public static string SystemWorkerControl(string worker)
        => $"system.{TopicToken.Require(worker, nameof(worker))}.control";

    /// <summary>True when <paramref name="topic"/> is a concrete topic: one or more valid tokens, no wildcard.</summary>
    public static bool IsValidTopic(string? topic, out string error)
    {
        if (string.IsNullOrEmpty(topic)) { error = "empty topic"; return false; }
        var rest = topic.AsSpan();
        for (var index = 1; ; index++)
        {
            var end = rest.IndexOf(TopicToken.Separator);
            var token = end < 0 ? rest : rest[..end];
            if (!TopicToken.IsValid(token, out var tokenError))
            {
                error = $"topic '{TopicToken.Printable(topic)}', token {index}: {tokenError}";
                return false;
            }
            if (end < 0) break;
            rest = rest[(end + 1)..];
        }
        error = "";
        return true;
    }

    public static bool IsValidTopic(string? topic) => IsValidTopic(topic, out _);

    internal static void RequireValid(string topic, string argumentName)
    {
        if (!IsValidTopic(topic, out var error)) throw new ArgumentException(error, argumentName);
    }
}

/// <summary>Subscription patterns for the families above, so no caller writes a wildcard by hand.</summary>
public static class TopicPatterns
{
    public const string Everything = ">";
    public const string AnyAttacker = "attacker.>";
    public const string AnyIdentity = "identity.>";
    public const string AnyCampaign = "campaign.>";
    public const string AnyTopologyStatus = "topology.*.status";
    public const string AnyOrchestratorEmail = "orchestrator.email.*";
    public const string AnyWorkerHealth = "system.*.health";
    public const string AnyWorkerControl = "system.*.control";
    public const string AnySystem = "system.>";
}
