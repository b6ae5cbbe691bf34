using System.Text.Json;

namespace Decnet.Tests.EndToEnd;

/// <summary>simulate → ingest → clusterer --once → campaign-clusterer --once → eval --truth, on the published binary.</summary>
public class ClusteringEndToEndTests
{
    [Test]
    public async Task Simulated_campaigns_are_recovered_through_the_binary()
    {
        DecnetBinary.Require();
        using var dir = new TempDir();
        var events = Path.Combine(dir.Path, "events.json");
        var truth = Path.Combine(dir.Path, "truth.jsonl");
        var data = Path.Combine(dir.Path, "data");
        string[] Data(params string[] args) => ["--data-dir", data, .. args];

        var sim = await DecnetBinary.RunAsync(["simulate", "--seed", "14", "--scenario", "paused-campaign", "--attackers", "3000", "--truth", truth, "--out", events]);
        await Assert.That(sim.ExitCode).IsEqualTo(0).Because(sim.ToString());
        var ingest = await DecnetBinary.RunAsync(Data("ingest", events), timeout: TimeSpan.FromMinutes(2));
        await Assert.That(ingest.ExitCode).IsEqualTo(0).Because(ingest.ToString());
        var cluster = await DecnetBinary.RunAsync(Data("clusterer", "--once"), timeout: TimeSpan.FromMinutes(2));
        await Assert.That(cluster.ExitCode).IsEqualTo(0).Because(cluster.ToString());
        await Assert.That(cluster.Stdout).Contains("clusterer: 3000 attackers");
        var campaigns = await DecnetBinary.RunAsync(Data("campaign-clusterer", "--once"), timeout: TimeSpan.FromMinutes(2));
        await Assert.That(campaigns.ExitCode).IsEqualTo(0).Because(campaigns.ToString());

        var eval = await DecnetBinary.RunAsync(Data("eval", "--truth", truth, "--json"));
        await Assert.That(eval.ExitCode).IsEqualTo(0).Because(eval.ToString());
        using var doc = JsonDocument.Parse(eval.Stdout);
        foreach (var level in new[] { "identity", "campaign" })
        {
            var s = doc.RootElement.GetProperty(level);
            await Assert.That(s.GetProperty("adjusted_rand_index").GetDouble()).IsGreaterThanOrEqualTo(0.95).Because(eval.Stdout);
            await Assert.That(s.GetProperty("pair_f1").GetDouble()).IsGreaterThanOrEqualTo(0.95).Because(eval.Stdout);
        }

        // identities list/show and attackers --json carry the ids; show explains with evidence.
        var list = await DecnetBinary.RunAsync(Data("identities", "list", "--json", "--min-size", "2"));
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        using var ids = JsonDocument.Parse(list.Stdout);
        var first = ids.RootElement[0];
        var id = first.GetProperty("identity_id").GetString()!;
        var show = await DecnetBinary.RunAsync(Data("identities", "show", id, "--json"));
        using var shown = JsonDocument.Parse(show.Stdout);
        await Assert.That(shown.RootElement.GetProperty("evidence").GetArrayLength()).IsGreaterThan(0);
        var ip = first.GetProperty("ips")[0].GetString()!;
        var attacker = await DecnetBinary.RunAsync(Data("attackers", "show", ip, "--json"));
        using var a = JsonDocument.Parse(attacker.Stdout);
        await Assert.That(a.RootElement.GetProperty("identity_id").GetString()).IsEqualTo(id);
        await Assert.That(a.RootElement.GetProperty("campaign_id").GetString()).IsEqualTo(first.GetProperty("campaign_id").GetString());
        var campaign = await DecnetBinary.RunAsync(Data("campaigns", "show", first.GetProperty("campaign_id").GetString()!));
        await Assert.That(campaign.ExitCode).IsEqualTo(0).Because(campaign.ToString());
        await Assert.That(campaign.Stdout).Contains("links");
    }
}
