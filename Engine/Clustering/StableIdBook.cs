namespace Decnet.Engine.Clustering;

/// <summary>
/// What a clusterer keeps of its stable ids between ticks: every id's state, the id each member was last homed in,
/// and the next sequence number. Loaded from the stored records on a full tick, updated from each tick's assignment.
/// </summary>
internal sealed class StableIdBook
{
    private readonly Dictionary<string, string> _homeOf = new(StringComparer.Ordinal);

    public Dictionary<string, IdState> States { get; } = new(StringComparer.Ordinal);
    public long NextSeq { get; private set; } = 1;

    /// <summary>The id a member was last homed in (not resolved through merges), or null.</summary>
    public string? HomeOf(string member) => _homeOf.GetValueOrDefault(member);

    /// <summary>The live id of a member's home (its merge winner), or null.</summary>
    public string? Resolve(string member) => _homeOf.TryGetValue(member, out var home) ? StableIds.Resolve(home, States) : null;

    public void Load(IEnumerable<ClusterRecord> records)
    {
        States.Clear();
        _homeOf.Clear();
        NextSeq = 1;
        foreach (var r in records)
        {
            States[r.Id] = r.ToState();
            foreach (var m in r.Members) _homeOf[m] = r.Id;
            NextSeq = Math.Max(NextSeq, r.Seq + 1);
        }
    }

    /// <summary>Takes in a tick's assignment: changed ids' states and their members' homes.</summary>
    public void Commit(IdAssignment assignment)
    {
        foreach (var (id, state) in assignment.States)
        {
            if (States.TryGetValue(id, out var before))
                foreach (var m in before.HomeMembers) if (_homeOf.GetValueOrDefault(m) == id) _homeOf.Remove(m);
            States[id] = state;
            foreach (var m in state.HomeMembers) _homeOf[m] = id;
        }
        NextSeq = assignment.NextSeq;
    }
}
