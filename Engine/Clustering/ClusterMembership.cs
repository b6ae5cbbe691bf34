namespace Decnet.Engine.Clustering;

/// <summary>
/// Resolved membership from stored records: each live (not merged) id with every unit whose home resolves to it,
/// and each unit's resolved id. Used by the campaign clusterer, `identities`/`campaigns` and `attackers --json`.
/// </summary>
public sealed class ClusterMembership
{
    private readonly Dictionary<string, IdState> _states;
    private readonly Dictionary<string, List<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _resolvedOf = new(StringComparer.Ordinal);

    public ClusterMembership(IEnumerable<ClusterRecord> records)
    {
        _states = records.ToDictionary(r => r.Id, r => r.ToState(), StringComparer.Ordinal);
        foreach (var s in _states.Values.OrderBy(s => s.Seq))
        {
            var winner = StableIds.Resolve(s.Id, _states);
            if (!_members.TryGetValue(winner, out var list)) _members[winner] = list = [];
            foreach (var m in s.HomeMembers)
            {
                list.Add(m);
                _resolvedOf[m] = winner;
            }
        }
    }

    public IReadOnlyDictionary<string, IdState> States => _states;

    /// <summary>Live ids with at least one member, oldest first.</summary>
    public IEnumerable<string> LiveIds => _members.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key).OrderBy(id => _states[id].Seq);

    public IReadOnlyList<string> Members(string liveId) => _members.TryGetValue(liveId, out var list) ? list : [];

    /// <summary>The live id a unit belongs to, or null when it was never clustered.</summary>
    public string? Of(string unit) => _resolvedOf.GetValueOrDefault(unit);

    /// <summary>The home id of a unit (before resolving merges).</summary>
    public string? HomeOf(string unit)
    {
        foreach (var s in _states.Values)
            if (s.HomeMembers.Contains(unit)) return s.Id;
        return null;
    }

    public string Resolve(string id) => StableIds.Resolve(id, _states);
}
