using System.Diagnostics;
using Decnet.Bus;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Clustering;

/// <summary>
/// The campaign clusterer behind the `campaign-clusterer` worker and `decnet campaign-clusterer`: links the live
/// identities (as stored) into campaigns, keeps campaign ids stable (<see cref="StableIds"/>), writes what changed and
/// publishes campaign.* and identity.campaign.assigned. Reuses the identity clusterer's in-memory attacker graph
/// when it runs in the same process; otherwise builds one from the store.
/// </summary>
public sealed partial class CampaignClusterer(TimeProvider time, ILogger log)
{
    public const string IdPrefix = "C-";

    public ClusterTickResult Tick(StoreGate store, IBus? bus, IdentityGraph? graph)
    {
        var clock = Stopwatch.StartNew();
        var (changes, assigned, written, units, components) = store.Use(s =>
        {
            if (graph is null)
            {
                graph = new IdentityGraph();
                graph.UpsertAll(s.Attackers.ListAll());
            }
            var identities = new ClusterMembership(s.Identities.ListAll());
            var live = identities.LiveIds.ToList();
            var attackerUnits = new List<IReadOnlyList<int>>(live.Count);
            foreach (var id in live)
            {
                var list = new List<int>();
                foreach (var ip in identities.Members(id))
                    if (graph.TryIndex(ip, out var u)) list.Add(u);
                attackerUnits.Add(list);
            }
            var linked = CampaignLinking.Link(graph, attackerUnits);
            var byLabel = new SortedDictionary<int, List<int>>();
            for (var i = 0; i < live.Count; i++)
            {
                if (!byLabel.TryGetValue(linked.Labels[i], out var list)) byLabel[linked.Labels[i]] = list = [];
                list.Add(i);
            }
            var ordered = byLabel.Values.ToList();

            var previous = new ClusterMembership(s.Campaigns.ListAll());
            var homeOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var st in previous.States.Values) foreach (var m in st.HomeMembers) homeOf[m] = st.Id;
            var nextSeq = previous.States.Count == 0 ? 1 : previous.States.Values.Max(st => st.Seq) + 1;
            var assignment = StableIds.Assign(ordered.Select(c => (IReadOnlyList<string>)c.Select(i => live[i]).ToList()).ToList(),
                previous.States, id => homeOf.GetValueOrDefault(id), IdPrefix, nextSeq);

            var after = new Dictionary<string, IdState>(previous.States, StringComparer.Ordinal);
            foreach (var (id, st) in assignment.States) after[id] = st;
            var assigned = new List<(string Identity, string Campaign)>();
            for (var c = 0; c < ordered.Count; c++)
                foreach (var i in ordered[c])
                {
                    var before = homeOf.TryGetValue(live[i], out var h) ? StableIds.Resolve(h, previous.States) : null;
                    var now = StableIds.Resolve(assignment.ComponentIds[c], after);
                    if (before != now) assigned.Add((live[i], now));
                }

            var edgesByLabel = new Dictionary<int, List<LinkEdge>>();
            foreach (var e in linked.Edges)
            {
                var label = linked.Labels[e.A];
                if (!edgesByLabel.TryGetValue(label, out var list)) edgesByLabel[label] = list = [];
                list.Add(e);
            }
            var describeCache = new Dictionary<int, IReadOnlyDictionary<ulong, (FeatureKind, string)>>();
            IReadOnlyDictionary<ulong, (FeatureKind, string)> Describe(int unit)
            {
                if (describeCache.TryGetValue(unit, out var d)) return d;
                var merged = new Dictionary<ulong, (FeatureKind, string)>();
                foreach (var ip in identities.Members(live[unit]).Take(50))
                    if (s.Attackers.Get(ip) is { } p)
                        foreach (var (k, v) in AttackerFeatures.Describe(p)) merged.TryAdd(k, v);
                return describeCache[unit] = merged;
            }
            var stamp = time.GetUtcNow();
            var records = new List<ClusterRecord>();
            var byId = new Dictionary<string, ClusterRecord?>(StringComparer.Ordinal);
            var writtenIds = new HashSet<string>(StringComparer.Ordinal);
            for (var c = 0; c < ordered.Count; c++)
            {
                var id = assignment.ComponentIds[c];
                var st = after[id];
                var evidence = edgesByLabel.TryGetValue(ordered[c][0], out var edges)
                    ? EvidenceBuilder.Build(edges, linked.Level, u => live[u], Describe)
                    : default;
                var old = s.Campaigns.Get(id);
                if (old is not null && old.Evidence == evidence && !assignment.States.ContainsKey(id)) continue;
                records.Add(new ClusterRecord(id, st.Seq, old?.Created ?? stamp, stamp, st.MergedInto, new EquatableArray<string>(st.HomeMembers), evidence));
                writtenIds.Add(id);
            }
            foreach (var (id, st) in assignment.States)
            {
                if (writtenIds.Contains(id)) continue;
                var old = s.Campaigns.Get(id);
                records.Add(new ClusterRecord(id, st.Seq, old?.Created ?? stamp, stamp, st.MergedInto, new EquatableArray<string>(st.HomeMembers), old?.Evidence ?? default));
            }
            s.Campaigns.UpsertMany(records);
            return (assignment.Changes, assigned, records.Count, live.Count, ordered.Count);
        });
        var events = ClusterEvents.PublishCampaignChanges(bus, changes, assigned);
        // A tick that changed nothing (every slow tick on a quiet network) logs at debug, not every minute at info.
        log.Log(events > 0 ? LogLevel.Information : LogLevel.Debug, "campaign-clusterer: {Units} identities in {Components} campaigns, {Written} campaigns written, {Events} events in {Ms} ms",
            units, components, written, events, (long)clock.Elapsed.TotalMilliseconds);
        return new ClusterTickResult(true, units, units, components, written, events, clock.Elapsed);
    }
}
