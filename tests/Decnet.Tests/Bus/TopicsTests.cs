using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class TopicsTests
{
    [Test]
    public async Task FamiliesAreTheDesignedStrings()
    {
        string[] expected =
        [
            "attacker.observed", "attacker.scored", "identity.formed", "identity.observation.linked", "identity.merged",
            "identity.unmerged", "identity.campaign.assigned", "campaign.formed", "campaign.identity.assigned",
            "campaign.merged", "campaign.unmerged", "credential.captured", "topology.t-1.status",
            "orchestrator.email.decky-01", "system.webhook.health", "system.webhook.control",
            "system.webhook.subscriptions_changed", "system.geoip.updated",
        ];
        string[] actual =
        [
            Topics.AttackerObserved, Topics.AttackerScored, Topics.IdentityFormed, Topics.IdentityObservationLinked,
            Topics.IdentityMerged, Topics.IdentityUnmerged, Topics.IdentityCampaignAssigned, Topics.CampaignFormed,
            Topics.CampaignIdentityAssigned, Topics.CampaignMerged, Topics.CampaignUnmerged, Topics.CredentialCaptured,
            Topics.TopologyStatus("t-1"), Topics.OrchestratorEmail("decky-01"), Topics.SystemWorkerHealth("webhook"),
            Topics.SystemWorkerControl("webhook"), Topics.SystemWebhookSubscriptionsChanged, Topics.SystemGeoipUpdated,
        ];
        await Assert.That(actual).IsEquivalentTo(expected);
        foreach (var topic in actual) await Assert.That(Topics.IsValidTopic(topic)).IsTrue();
    }

    [Test]
    [Arguments("")]
    [Arguments("a.b")]
    [Arguments("*")]
    [Arguments(">")]
    [Arguments("two words")]
    [Arguments("tab\t")]
    public async Task BuildersRejectBadTokens(string token)
    {
        await Assert.That(() => Topics.TopologyStatus(token)).Throws<ArgumentException>();
        await Assert.That(() => Topics.OrchestratorEmail(token)).Throws<ArgumentException>();
        await Assert.That(() => Topics.SystemWorkerHealth(token)).Throws<ArgumentException>();
        await Assert.That(() => Topics.SystemWorkerControl(token)).Throws<ArgumentException>();
    }

    [Test]
    public async Task PatternsParseAndMatchTheirFamilies()
    {
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyTopologyStatus).Matches(Topics.TopologyStatus("x"))).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyOrchestratorEmail).Matches(Topics.OrchestratorEmail("d"))).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyWorkerHealth).Matches(Topics.SystemWorkerHealth("w"))).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyWorkerHealth).Matches(Topics.SystemWorkerControl("w"))).IsFalse();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyWorkerControl).Matches(Topics.SystemWorkerControl("w"))).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyIdentity).Matches(Topics.IdentityCampaignAssigned)).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyCampaign).Matches(Topics.IdentityCampaignAssigned)).IsFalse();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnyAttacker).Matches(Topics.AttackerScored)).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.AnySystem).Matches(Topics.SystemGeoipUpdated)).IsTrue();
        await Assert.That(TopicPattern.Parse(TopicPatterns.Everything).Matches(Topics.CredentialCaptured)).IsTrue();
    }
}
