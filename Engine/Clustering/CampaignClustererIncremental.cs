using System.Diagnostics;
using Decnet.Bus;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Clustering;

/// <summary>
/// The in-process path of the campaign clusterer (the `campaign-clusterer` worker beside the identity clusterer): keeps
/// its <see cref="CampaignGraph"/> and campaign ids in memory, takes the attackers the identity clusterer re-evaluated
/// since the last tick, relinks only the campaigns they touch (<see cref="CampaignGraph.LinkChanged"/>) and assigns ids
/// to those campaigns only. The first tick, a new identity graph (a full identity link) or a store whose campaign count
/// differs from the ids held link everything.
/// </summary>
public sealed partial class CampaignClusterer
{
    private CampaignGraph? _campaigns;
    private IdentityGraph? _bound;
    private int _generation = -1;
    private int[] _linkedLabels = [];
    private readonly StableIdBook _ids = new();

    /// <summary>Identity slots whose campaign the last in-process tick re-evaluated.</summary>
    public int LastReevaluated { get; private set; }

    public ClusterTickResult Tick(StoreGate store, IBus? bus, IdentityClusterer identities, bool forceFull = false)
    {
        var clock = Stopwatch.StartNew();
        var outcome = store.Use(s =>
        {
            var graph = identities.Graph;
            if (graph is null) return default((bool, IReadOnlyList<IdChange>, List<(string, string)>, int, int, int, int)?);
            var (generation, touched) = identities.TakeTouched();
            var full = forceFull || _campaigns is null || _bound != graph || generation != _generation || s.Campaigns.Count() != _ids.States.Count;
            if (!full && touched.Length == 0) return (false, (IReadOnlyList<IdChange>)[], new List<(string, string)>(), 0, 0, 0, 0);
            IReadOnlyList<int> affected;
            if (full)
            {
                _campaigns = new CampaignGraph(graph);
                _campaigns.LinkAll();
                _bound = graph;
                _generation = generation;
                LoadStates(s);
                affected = Enumerable.Range(0, graph.Count).ToArray();
            }
            else
            {
                // Whole current identities of the attackers touched (they may span several identity ticks).
                var labels = new HashSet<int>();
                foreach (var u in touched) labels.Add(graph.Labels[u]);
                var reevaluated = graph.Components(labels).Values.SelectMany(m => m).Order().ToArray();
                affected = _campaigns!.LinkChanged(_linkedLabels, reevaluated);
            }
            _linkedLabels = graph.Labels.ToArray();
            var (changes, assigned, written, components) = Assign(s, graph, identities, _campaigns!, affected);
            return (full, changes, assigned, written, affected.Count, components, graph.Count);
        });
        if (outcome is not { } o)
            return Tick(store, bus, (IdentityGraph?)null);
        var (isFull, changed, assignedList, recordsWritten, reevaluatedSlots, campaignCount, _) = o;
        LastReevaluated = reevaluatedSlots;
        var events = ClusterEvents.PublishCampaignChanges(bus, changed, assignedList);
        log.Log(events > 0 ? LogLevel.Information : LogLevel.Debug, "campaign-clusterer: {Mode} tick, {Reevaluated} identity slots re-evaluated in {Components} campaigns, {Written} campaigns written, {Events} events in {Ms} ms",
            isFull ? "full" : "incremental", reevaluatedSlots, campaignCount, recordsWritten, events, (long)clock.Elapsed.TotalMilliseconds);
        return new ClusterTickResult(isFull, _ids.States.Count, reevaluatedSlots, campaignCount, recordsWritten, events, clock.Elapsed);
    }

    private (IReadOnlyList<IdChange>, List<(string, string)>, int, int) Assign(DecnetStore s, IdentityGraph graph, IdentityClusterer identities,
        CampaignGraph campaigns, IReadOnlyList<int> affected)
    {
        var labels = graph.Labels;
        var campaignOf = campaigns.Labels;
        var wanted = new HashSet<int>();
        foreach (var slot in affected)
            if (slot < labels.Count && labels[slot] == slot) wanted.Add(campaignOf[slot]);
        // Identities (slots) per campaign, and attackers per identity, for the campaigns to assign.
        var slotsOf = new SortedDictionary<int, List<int>>();
        var membersOf = new Dictionary<int, List<int>>();
        for (var u = 0; u < labels.Count; u++)
        {
            var slot = labels[u];
            if (!wanted.Contains(campaignOf[slot])) continue;
            if (!membersOf.TryGetValue(slot, out var m)) membersOf[slot] = m = [];
            m.Add(u);
            if (slot == u)
            {
                if (!slotsOf.TryGetValue(campaignOf[slot], out var list)) slotsOf[campaignOf[slot]] = list = [];
                list.Add(slot);
            }
        }
        var ordered = slotsOf.Values.ToList();
        var identityIds = new Dictionary<int, string>();
        string IdOf(int slot) => identityIds.TryGetValue(slot, out var id) ? id
            : identityIds[slot] = identities.IdentityOf(graph.Ip(slot)) ?? graph.Ip(slot);
        var components = ordered.Select(c => (IReadOnlyList<string>)c.Select(IdOf).ToList()).ToList();
        var assignment = StableIds.Assign(components, _ids.States, id => _ids.HomeOf(id), IdPrefix, _ids.NextSeq);

        var after = new Dictionary<string, IdState>(_ids.States, StringComparer.Ordinal);
        foreach (var (id, st) in assignment.States) after[id] = st;
        var assigned = new List<(string Identity, string Campaign)>();
        for (var c = 0; c < components.Count; c++)
            foreach (var identity in components[c])
            {
                var before = _ids.Resolve(identity);
                var now = StableIds.Resolve(assignment.ComponentIds[c], after);
                if (before != now) assigned.Add((identity, now));
            }

        var edgesByLabel = new Dictionary<int, List<LinkEdge>>();
        foreach (var e in campaigns.Edges)
        {
            var label = campaignOf[e.A];
            if (!slotsOf.ContainsKey(label)) continue;
            if (!edgesByLabel.TryGetValue(label, out var list)) edgesByLabel[label] = list = [];
            list.Add(e);
        }
        IReadOnlyDictionary<ulong, (FeatureKind, string)> Describe(int slot)
        {
            var merged = new Dictionary<ulong, (FeatureKind, string)>();
            foreach (var u in membersOf[slot].Take(50))
                if (s.Attackers.Get(graph.Ip(u)) is { } p)
                    foreach (var (k, v) in AttackerFeatures.Describe(p)) merged.TryAdd(k, v);
            return merged;
        }
        var stamp = time.GetUtcNow();
        var records = new Dictionary<string, ClusterRecord>(StringComparer.Ordinal);
        for (var c = 0; c < ordered.Count; c++)
        {
            var id = assignment.ComponentIds[c];
            var st = after[id];
            var evidence = edgesByLabel.TryGetValue(campaignOf[ordered[c][0]], out var edges)
                ? EvidenceBuilder.Build(edges, campaigns.Level!, IdOf, Describe)
                : default;
            var old = s.Campaigns.Get(id);
            if (old is not null && old.Evidence == evidence && !assignment.States.ContainsKey(id)) continue;
            records[id] = new ClusterRecord(id, st.Seq, old?.Created ?? stamp, stamp, st.MergedInto, new EquatableArray<string>(st.HomeMembers), evidence);
        }
        foreach (var (id, st) in assignment.States)
        {
            if (records.ContainsKey(id)) continue;
            var old = s.Campaigns.Get(id);
            records[id] = new ClusterRecord(id, st.Seq, old?.Created ?? stamp, stamp, st.MergedInto, new EquatableArray<string>(st.HomeMembers), old?.Evidence ?? default);
        }
        s.Campaigns.UpsertMany(records.Values);

        _ids.Commit(assignment);
        return (assignment.Changes, assigned, records.Count, ordered.Count);
    }

    private void LoadStates(DecnetStore s) => _ids.Load(s.Campaigns.ListAll());
}
