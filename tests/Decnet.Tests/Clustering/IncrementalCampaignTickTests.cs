using Decnet.Engine.Clustering;
using Decnet.Engine.Simulation;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Decnet.Tests.EndToEnd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Clustering;

/// <summary>
/// The campaign-clusterer worker's in-process path over a store: a scenario population less every 50th attacker
/// clustered (full), then the rest added in one identity tick and one campaign tick (incremental). The stored campaigns
/// must equal a full relink's: the same partition of IPs as relinking the whole store from scratch, and on the same
/// store a full relink keeps every identity in the campaign id the incremental tick gave it. Seeds are ones whose added
/// 2 % do not move the identity population across a weight step (that rightly links everything).
/// </summary>
public class IncrementalCampaignTickTests
{
    [Test]
    [Arguments("mixed", 31)]
    [Arguments("multi-operator", 32)]
    [Arguments("botnet", 33)]
    public async Task Incremental_campaign_tick_equals_a_full_relink(string scenario, int seed)
    {
        var profiles = Scenarios.Generate(scenario, 3000, Scenarios.DefaultStart, new Random(seed)).Profiles().ToList();
        var later = profiles.Where((_, i) => i % 50 == 49).ToList();

        using var dir = new TempDir();
        using var gate = new StoreGate(DecnetStore.Open(dir.Path, "test", TimeProvider.System));
        var bus = new RecordingBus();
        var identities = new IdentityClusterer(TimeProvider.System, NullLogger.Instance);
        var campaigns = new CampaignClusterer(TimeProvider.System, NullLogger.Instance);
        gate.Use(s => { foreach (var p in profiles.Where((_, i) => i % 50 != 49)) s.Attackers.Upsert(p); return 0; });
        identities.Tick(gate, bus, null);
        var first = campaigns.Tick(gate, bus, identities);
        await Assert.That(first.Full).IsTrue();
        var before = CampaignOfIp(gate);

        gate.Use(s => { foreach (var p in later) s.Attackers.Upsert(p); return 0; });
        identities.Tick(gate, bus, later.Select(p => p.Ip).ToList());
        var tick = campaigns.Tick(gate, bus, identities);
        await Assert.That(tick.Full).IsFalse();
        var liveIdentities = gate.Use(s => new ClusterMembership(s.Identities.ListAll()).LiveIds.Count());
        // The tick did not relink everything.
        await Assert.That(campaigns.LastReevaluated).IsLessThan(liveIdentities / 2);
        var incremental = CampaignOfIp(gate);

        // Ids stable: an IP clustered before keeps its campaign id, or one that id was merged into.
        var states = gate.Use(s => new ClusterMembership(s.Campaigns.ListAll()));
        foreach (var (ip, id) in before)
            if (states.Resolve(id) != incremental[ip])
                throw new InvalidOperationException($"{ip}: campaign {id} became {incremental[ip]}");

        // Same store, relinked in full by a fresh clusterer: every IP keeps the same campaign id.
        var relink = new CampaignClusterer(TimeProvider.System, NullLogger.Instance);
        var full = relink.Tick(gate, null, identities, forceFull: true);
        await Assert.That(full.Full).IsTrue();
        await Assert.That(CampaignOfIp(gate)).IsEquivalentTo(incremental);

        // The whole population linked from scratch in another store: the same partition of IPs.
        using var dir2 = new TempDir();
        using var gate2 = new StoreGate(DecnetStore.Open(dir2.Path, "test", TimeProvider.System));
        gate2.Use(s => { foreach (var p in profiles) s.Attackers.Upsert(p); return 0; });
        var scratch = new IdentityClusterer(TimeProvider.System, NullLogger.Instance);
        scratch.Tick(gate2, null, null);
        new CampaignClusterer(TimeProvider.System, NullLogger.Instance).Tick(gate2, null, scratch.Graph);
        await Assert.That(Partition(CampaignOfIp(gate2))).IsEquivalentTo(Partition(incremental));
    }

    /// <summary>Every stored IP's resolved campaign id (through its resolved identity).</summary>
    private static Dictionary<string, string> CampaignOfIp(StoreGate gate) => gate.Use(s =>
    {
        var ids = new ClusterMembership(s.Identities.ListAll());
        var camps = new ClusterMembership(s.Campaigns.ListAll());
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in s.Attackers.ListAll())
            result[p.Ip] = ids.Of(p.Ip) is { } identity ? camps.Of(identity) ?? "-" : "-";
        return result;
    });

    /// <summary>A partition as sorted member lists (ids dropped).</summary>
    private static List<string> Partition(Dictionary<string, string> campaignOf) =>
        campaignOf.GroupBy(kv => kv.Value).Select(g => string.Join(",", g.Select(kv => kv.Key).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToList();
}
