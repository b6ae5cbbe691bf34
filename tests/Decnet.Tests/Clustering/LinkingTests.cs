using Decnet.Engine.Clustering;
using Decnet.Engine.Profiler;
using static Decnet.Tests.Clustering.ClusterTestKit;

namespace Decnet.Tests.Clustering;

public class LinkingTests
{
    [Test]
    public async Task Rarity_is_one_for_a_pair_falls_with_holders_and_is_zero_above_five_percent()
    {
        await Assert.That(LinkWeights.Rarity(2, 10_000)).IsEqualTo(1.0);
        await Assert.That(LinkWeights.Rarity(1, 10_000)).IsEqualTo(0.0);
        await Assert.That(LinkWeights.Rarity(50, 10_000)).IsLessThan(LinkWeights.Rarity(10, 10_000));
        await Assert.That(LinkWeights.Rarity(500, 10_000)).IsGreaterThanOrEqualTo(0.0);
        await Assert.That(LinkWeights.Rarity(501, 10_000)).IsEqualTo(0.0);
        await Assert.That(LinkWeights.IsCommon(501, 10_000)).IsTrue();
    }

    [Test]
    public async Task Kind_weights_stay_below_the_threshold_so_no_single_kind_links()
    {
        foreach (var kind in Enum.GetValues<FeatureKind>())
        {
            await Assert.That(LinkWeights.IdentityCap(kind)).IsLessThan(LinkWeights.IdentityThreshold);
            await Assert.That(LinkWeights.Identity(kind)).IsLessThan(LinkWeights.IdentityThreshold);
        }
    }

    [Test]
    public async Task An_operators_ips_link_and_a_value_shared_by_everyone_links_nobody()
    {
        var profiles = Noise(200).Concat([Operator("203.0.113.1", 'A', 1), Operator("203.0.113.2", 'A', 2), Operator("203.0.113.3", 'A', 3)]).ToList();
        var p = ClusterPipeline.Run(profiles);
        var a = p.Assignments();
        await Assert.That(a["203.0.113.1"].Identity).IsEqualTo(a["203.0.113.2"].Identity);
        await Assert.That(a["203.0.113.1"].Identity).IsEqualTo(a["203.0.113.3"].Identity);
        // "root:123456" is held by every IP: common, weight 0, and the noise stays in singletons.
        await Assert.That(a.Values.Select(v => v.Identity).Distinct().Count()).IsEqualTo(201);
        var key = FeatureKey.Of(FeatureKind.Credential, "root:123456");
        var id = p.Graph.Values.Intern(key);
        await Assert.That(p.Graph.Level!.Weight(id)).IsEqualTo(0.0);
    }

    [Test]
    public async Task Veto_keeps_apart_pairs_whose_rare_fingerprints_disagree()
    {
        // Same private wordlist, different rare HASSH and different rare client version: vetoed.
        var creds = new[] { "root:x-priv1", "root:x-priv2", "admin:x-priv3", "user:x-priv4" };
        var one = Profile("203.0.113.10", "hassh-X", "SSH-2.0-X", creds);
        var two = Profile("203.0.113.11", "hassh-Y", "SSH-2.0-Y", creds);
        var three = Profile("203.0.113.12", "hassh-X", "SSH-2.0-X", creds);
        var p = ClusterPipeline.Run(Noise(200).Concat([one, two, three]).ToList());
        var level = p.Graph.Level!;
        p.Graph.TryIndex(one.Ip, out var u1);
        p.Graph.TryIndex(two.Ip, out var u2);
        p.Graph.TryIndex(three.Ip, out var u3);
        var vetoedScore = level.Score(u1, u2, out var vetoed);
        await Assert.That(vetoed).IsTrue();
        await Assert.That(vetoedScore).IsEqualTo(0.0);
        await Assert.That(level.Score(u1, u3, out var v13)).IsGreaterThanOrEqualTo(LinkWeights.IdentityThreshold);
        await Assert.That(v13).IsFalse();
        var a = p.Assignments();
        await Assert.That(a[one.Ip].Identity).IsEqualTo(a[three.Ip].Identity);
        await Assert.That(a[two.Ip].Identity).IsNotEqualTo(a[one.Ip].Identity);
    }

    [Test]
    public async Task A_shared_client_version_does_not_lift_the_veto()
    {
        // Two tools built on one SSH library: same rare banner, own algorithm lists (HASSH); they share deep list
        // entries and a command. The banner is the library's, so the differing HASSHs still keep them apart.
        var creds = new[] { "root:biteme", "root:soccer", "root:trustno1", "root:cheese" };
        var one = Profile("203.0.113.20", "hassh-A", "SSH-2.0-russh_0.43", creds);
        var two = Profile("203.0.113.21", "hassh-B", "SSH-2.0-russh_0.43", creds);
        var p = ClusterPipeline.Run(Noise(200).Concat([one, two]).ToList());
        p.Graph.TryIndex(one.Ip, out var u1);
        p.Graph.TryIndex(two.Ip, out var u2);
        await Assert.That(p.Graph.Level!.Score(u1, u2, out var vetoed)).IsEqualTo(0.0);
        await Assert.That(vetoed).IsTrue();
        var a = p.Assignments();
        await Assert.That(a[two.Ip].Identity).IsNotEqualTo(a[one.Ip].Identity);
    }

    [Test]
    public async Task Blocking_finds_the_same_components_as_all_pairs()
    {
        var population = Decnet.Engine.Simulation.Scenarios.Generate("mixed", 1500, Decnet.Engine.Simulation.Scenarios.DefaultStart, new Random(5));
        var graph = new IdentityGraph();
        graph.UpsertAll(population.Profiles().ToList());
        graph.LinkAll();
        var reference = graph.Level!.LinkAllPairs();
        await Assert.That(reference.SequenceEqual(graph.Labels)).IsTrue();
        // And the index handed out far fewer postings than n² pairs.
        await Assert.That(graph.Level.PostingEntries).IsLessThan(1500L * 1500 / 10);
    }

    [Test]
    public async Task Union_find_joins_transitively_and_labels_by_smallest_member()
    {
        var uf = new UnionFind(6);
        await Assert.That(uf.Union(4, 2)).IsTrue();
        await Assert.That(uf.Union(2, 5)).IsTrue();
        await Assert.That(uf.Union(5, 4)).IsFalse();
        uf.Union(0, 1);
        await Assert.That(uf.Labels()).IsEquivalentTo(new[] { 0, 0, 2, 3, 2, 2 });
    }
}

public class FeatureTests
{
    [Test]
    public async Task Keys_equal_the_keys_of_the_described_values()
    {
        var p = ClusterTestKit.Operator("203.0.113.5", 'A', 1) with { Commands = [new CommandEntry("uname -a", "uname -a", 1)] };
        var described = AttackerFeatures.Describe(p).Keys.Order().ToArray();
        await Assert.That(AttackerFeatures.Keys(p)).IsEquivalentTo(described);
        await Assert.That(AttackerFeatures.Describe(p).Values.Any(v => v.Kind == FeatureKind.WordlistOrder && v.Value == "root:a-priv1 → root:a-priv2")).IsTrue();
    }

    [Test]
    [Arguments("http://a-c2.example:8080/x.sh", "a-c2.example:8080")]
    [Arguments("HTTP://User@Host.Example/x", "host.example")]
    [Arguments("1.2.3.4/bins.sh", "1.2.3.4")]
    public async Task Download_host_is_parsed(string url, string host) => await Assert.That(AttackerFeatures.Host(url)).IsEqualTo(host);
}
