using Decnet.Bus;
using Decnet.Engine.Clustering;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Decnet.Tests.EndToEnd;
using Microsoft.Extensions.Logging.Abstractions;
using static Decnet.Tests.Clustering.ClusterTestKit;

namespace Decnet.Tests.Clustering;

public class StableIdTests
{
    private static IdState S(string id, long seq, string? into, params string[] members) => new(id, seq, into, members);

    [Test]
    public async Task Ids_stay_across_ticks_and_the_older_id_wins_a_merge()
    {
        var previous = new Dictionary<string, IdState> { ["I-1"] = S("I-1", 1, null, "a", "b"), ["I-2"] = S("I-2", 2, null, "c", "d") };
        var homes = previous.Values.SelectMany(s => s.HomeMembers.Select(m => (m, s.Id))).ToDictionary(x => x.m, x => x.Id);
        // Same components again: nothing changes.
        var same = StableIds.Assign([["a", "b"], ["c", "d"]], previous, u => homes.GetValueOrDefault(u), "I-", 3);
        await Assert.That(same.ComponentIds).IsEquivalentTo(new[] { "I-1", "I-2" });
        await Assert.That(same.Changes.Count).IsEqualTo(0);
        // Joined: I-1 (older) wins, I-2 records merged_into and keeps its home members.
        var merged = StableIds.Assign([["c", "d", "a", "b", "e"]], previous, u => homes.GetValueOrDefault(u), "I-", 3);
        await Assert.That(merged.ComponentIds[0]).IsEqualTo("I-1");
        await Assert.That(merged.States["I-2"].MergedInto).IsEqualTo("I-1");
        await Assert.That(merged.States["I-2"].HomeMembers).IsEquivalentTo(new[] { "c", "d" });
        await Assert.That(merged.Changes.Select(c => c.Kind)).Contains(IdChangeKind.Merged);
        await Assert.That(merged.Changes.Single(c => c.Kind == IdChangeKind.Linked).Other).IsEqualTo("e");
        // Split again: I-2 comes back (unmerged).
        var after = new Dictionary<string, IdState>(previous);
        foreach (var (k, v) in merged.States) after[k] = v;
        var homes2 = after.Values.SelectMany(s => s.HomeMembers.Select(m => (m, s.Id))).ToDictionary(x => x.m, x => x.Id);
        var split = StableIds.Assign([["a", "b", "e"], ["c", "d"]], after, u => homes2.GetValueOrDefault(u), "I-", 3);
        await Assert.That(split.ComponentIds).IsEquivalentTo(new[] { "I-1", "I-2" });
        await Assert.That(split.States["I-2"].MergedInto).IsNull();
        await Assert.That(split.Changes.Single().Kind).IsEqualTo(IdChangeKind.Unmerged);
        await Assert.That(StableIds.Resolve("I-2", after)).IsEqualTo("I-1");
    }

    [Test]
    public async Task A_new_component_gets_a_new_id_formed()
    {
        var result = StableIds.Assign([["x", "y"]], new Dictionary<string, IdState>(), _ => null, "C-", 7);
        await Assert.That(result.ComponentIds[0]).IsEqualTo("C-7");
        await Assert.That(result.NextSeq).IsEqualTo(8);
        await Assert.That(result.Changes.Single().Kind).IsEqualTo(IdChangeKind.Formed);
    }

    [Test]
    public async Task Form_merge_split_through_the_store_publishes_the_events()
    {
        using var dir = new TempDir();
        using var gate = new StoreGate(DecnetStore.Open(dir.Path, "test", TimeProvider.System));
        var bus = new RecordingBus();
        var clusterer = new IdentityClusterer(TimeProvider.System, NullLogger.Instance);
        var campaigns = new CampaignClusterer(TimeProvider.System, NullLogger.Instance);
        gate.Use(s => { foreach (var p in Noise(150)) s.Attackers.Upsert(p); return 0; });
        var a = new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" };
        var b = new[] { "203.0.113.21", "203.0.113.22", "203.0.113.23" };
        gate.Use(s =>
        {
            for (var i = 0; i < 3; i++) { s.Attackers.Upsert(Operator(a[i], 'A', i)); s.Attackers.Upsert(Operator(b[i], 'B', i)); }
            return 0;
        });

        // Form: two operators, two identities.
        clusterer.Tick(gate, bus, null);
        campaigns.Tick(gate, bus, clusterer.Graph);
        var (idA, idB) = gate.Use(s => { var m = new ClusterMembership(s.Identities.ListAll()); return (m.Of(a[0])!, m.Of(b[0])!); });
        await Assert.That(idA).IsNotEqualTo(idB);
        await Assert.That(bus.Count(Topics.IdentityFormed)).IsGreaterThanOrEqualTo(2);
        await Assert.That(bus.Count(Topics.IdentityCampaignAssigned)).IsGreaterThanOrEqualTo(2);

        // Merge: a bridge IP carrying both toolkits joins them; the older id wins.
        var bridge = Profile("203.0.113.99", "hassh-A", "SSH-2.0-toolA",
            ["root:a-priv1", "root:a-priv2", "admin:a-priv3", "root:b-priv1", "root:b-priv2", "admin:b-priv3"]) with
        { Hassh = [new ValueCount("hassh-A", 1), new ValueCount("hassh-B", 1)], SshVersions = [new ValueCount("SSH-2.0-toolA", 1), new ValueCount("SSH-2.0-toolB", 1)] };
        gate.Use(s => { s.Attackers.Upsert(bridge); return 0; });
        clusterer.Tick(gate, bus, [bridge.Ip]);
        var winner = string.CompareOrdinal(idA, idB) < 0 && idA.Length <= idB.Length ? idA : idB;
        var loser = winner == idA ? idB : idA;
        var merged = gate.Use(s => s.Identities.Get(loser)!);
        await Assert.That(merged.MergedInto).IsEqualTo(winner);
        await Assert.That(bus.Count(Topics.IdentityMerged)).IsEqualTo(1);
        await Assert.That(gate.Use(s => new ClusterMembership(s.Identities.ListAll()).Of(b[0]))).IsEqualTo(winner);
        var view = gate.Use(s => new ClusterViews(s).Identity(loser)!);
        await Assert.That(view.Id).IsEqualTo(winner);
        await Assert.That(view.Evidence.Count).IsGreaterThan(0);

        // Split: the bridge's joining evidence disappears; the merge is revoked and the loser comes back.
        gate.Use(s => { s.Attackers.Upsert(Profile(bridge.Ip, "hassh-solo", "SSH-2.0-solo", ["root:solo1", "root:solo2"])); return 0; });
        clusterer.Tick(gate, bus, [bridge.Ip]);
        await Assert.That(gate.Use(s => s.Identities.Get(loser)!.MergedInto)).IsNull();
        await Assert.That(bus.Count(Topics.IdentityUnmerged)).IsEqualTo(1);
        await Assert.That(gate.Use(s => new ClusterMembership(s.Identities.ListAll()).Of(b[0]))).IsEqualTo(idB);
        await Assert.That(gate.Use(s => new ClusterMembership(s.Identities.ListAll()).Of(a[0]))).IsEqualTo(idA);
    }

    [Test]
    public async Task Cluster_record_round_trips_through_its_codec()
    {
        var r = new ClusterRecord("I-3", 3, T0, T0.AddHours(1), "I-1", ["203.0.113.1", "203.0.113.2"],
            [new LinkEvidence("203.0.113.1", "203.0.113.2", 1.2345678, [new EvidenceItem(FeatureKind.Hassh, "abc", 0.61), new EvidenceItem(FeatureKind.Credential, "root:x", 0.2)])]);
        var back = Decnet.Storage.Codecs.ClusterRecordCodec.Decode(Decnet.Storage.Codecs.ClusterRecordCodec.Encode(r));
        await Assert.That(back).IsEqualTo(r);
    }
}
