using System.Diagnostics;
using Decnet.Bus;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Clustering;

/// <summary>
/// The identity clusterer behind the `clusterer` worker and `decnet clusterer`: keeps the attacker graph in memory,
/// links on each tick (everything on the first tick and when asked, else only what changed), gives components stable
/// ids (<see cref="StableIds"/>), writes the changed identities in one transaction and then publishes identity.*.
/// </summary>
public sealed class IdentityClusterer(TimeProvider time, ILogger log)
{
    public const string IdPrefix = "I-";

    private IdentityGraph? _graph;
    private readonly StableIdBook _ids = new();
    // Attackers re-evaluated since the campaign clusterer last took them; a full link starts a new generation.
    private readonly HashSet<int> _touched = [];
    private int _generation;

    /// <summary>The attacker graph after the last tick (null before the first); the campaign clusterer reuses it.</summary>
    public IdentityGraph? Graph => _graph;

    /// <summary>
    /// The attackers re-evaluated since the last call, and the generation of the graph they index (a full link starts a
    /// new one, so a caller that saw another generation must relink everything). Call under the store gate.
    /// </summary>
    public (int Generation, int[] Touched) TakeTouched()
    {
        var touched = _touched.ToArray();
        _touched.Clear();
        return (_generation, touched);
    }

    /// <summary>The live identity id of an attacker after the last tick, or null. Call under the store gate.</summary>
    public string? IdentityOf(string ip) => _ids.Resolve(ip);

    /// <param name="changedIps">Attackers known to have changed (from attacker.* events); null = reload and link everything.</param>
    public ClusterTickResult Tick(StoreGate store, IBus? bus, IReadOnlyCollection<string>? changedIps)
    {
        var clock = Stopwatch.StartNew();
        var full = _graph is null || changedIps is null;
        if (!full && changedIps!.Count == 0) return new ClusterTickResult(false, _graph!.Count, 0, 0, 0, 0, clock.Elapsed);
        var (changes, written, reevaluated, components) = store.Use(s =>
        {
            IdentityGraph graph;
            IReadOnlyList<int> affected;
            Func<string, AttackerProfile?> profileOf;
            if (full)
            {
                var profiles = s.Attackers.ListAll();
                graph = new IdentityGraph();
                graph.UpsertAll(profiles);
                graph.LinkAll();
                affected = Enumerable.Range(0, graph.Count).ToArray();
                var byIp = profiles.ToDictionary(p => p.Ip, StringComparer.Ordinal);
                profileOf = ip => byIp.GetValueOrDefault(ip);
                LoadStates(s);
            }
            else
            {
                graph = _graph!;
                foreach (var ip in changedIps!)
                    if (s.Attackers.Get(ip) is { } p) graph.Upsert(p);
                affected = graph.LinkChanged();
                profileOf = s.Attackers.Get;
            }
            _graph = graph;
            if (full) { _generation++; _touched.Clear(); }
            else _touched.UnionWith(affected);

            var labels = new SortedSet<int>();
            foreach (var u in affected) labels.Add(graph.Labels[u]);
            var byLabel = graph.Components(labels);
            var ordered = byLabel.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();
            var ipLists = ordered.Select(m => (IReadOnlyList<string>)m.Select(graph.Ip).ToList()).ToList();
            var assignment = StableIds.Assign(ipLists, _ids.States, ip => _ids.HomeOf(ip), IdPrefix, _ids.NextSeq);

            // Evidence for the winners of the components re-evaluated.
            var edgesByLabel = new Dictionary<int, List<LinkEdge>>();
            foreach (var e in graph.Edges)
            {
                var label = graph.Labels[e.A];
                if (!byLabel.ContainsKey(label)) continue;
                if (!edgesByLabel.TryGetValue(label, out var list)) edgesByLabel[label] = list = [];
                list.Add(e);
            }
            var now = time.GetUtcNow();
            var records = new Dictionary<string, ClusterRecord>(StringComparer.Ordinal);
            var level = graph.Level!;
            var existing = s.Identities;
            for (var c = 0; c < ordered.Count; c++)
            {
                var id = assignment.ComponentIds[c];
                var state = assignment.States.TryGetValue(id, out var st) ? st : _ids.States[id];
                var evidence = edgesByLabel.TryGetValue(ordered[c][0], out var edges)
                    ? EvidenceBuilder.Build(edges, level, graph.Ip, u => profileOf(graph.Ip(u)) is { } p ? AttackerFeatures.Describe(p) : new())
                    : default;
                var old = full ? null : existing.Get(id);
                if (old is not null && old.Evidence == evidence && !assignment.States.ContainsKey(id)) continue;
                records[id] = new ClusterRecord(id, state.Seq, old?.Created ?? now, now, state.MergedInto, new EquatableArray<string>(state.HomeMembers), evidence);
            }
            foreach (var (id, state) in assignment.States)
            {
                if (records.ContainsKey(id)) continue;
                var old = existing.Get(id);
                records[id] = new ClusterRecord(id, state.Seq, old?.Created ?? now, now, state.MergedInto, new EquatableArray<string>(state.HomeMembers), old?.Evidence ?? default);
            }
            s.Identities.UpsertMany(records.Values);

            _ids.Commit(assignment);
            return (assignment.Changes, records.Count, affected.Count, ordered.Count);
        });
        var events = ClusterEvents.PublishIdentityChanges(bus, changes);
        var result = new ClusterTickResult(full, _graph!.Count, reevaluated, components, written, events, clock.Elapsed);
        // A tick that changed nothing (every slow tick on a quiet network) logs at debug, not every minute at info.
        log.Log(events > 0 ? LogLevel.Information : LogLevel.Debug, "clusterer: {Mode} tick over {Units} attackers, {Reevaluated} re-evaluated in {Components} identities, {Written} identities written, {Events} events in {Ms} ms",
            full ? "full" : "incremental", result.Units, reevaluated, components, written, events, (long)clock.Elapsed.TotalMilliseconds);
        return result;
    }

    private void LoadStates(DecnetStore s) => _ids.Load(s.Identities.ListAll());
}
