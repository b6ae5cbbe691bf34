namespace Decnet.Engine.Clustering;

/// <summary>An identity or campaign id as the assigner sees it: its age, whom it was merged into, its home members.</summary>
public sealed record IdState(string Id, long Seq, string? MergedInto, IReadOnlyList<string> HomeMembers);

/// <summary>What changed for one id in one assignment.</summary>
public enum IdChangeKind { Formed, Linked, Merged, Unmerged }

/// <param name="Id">The id concerned (the loser for Merged, the revived id for Unmerged).</param>
/// <param name="Other">Merged: the winner; Unmerged: the id it had been merged into; Linked: the member unit.</param>
public sealed record IdChange(IdChangeKind Kind, string Id, string? Other, IReadOnlyList<string> Members);

/// <summary>The outcome: every id's new state, the winner id of each component, and the changes to publish.</summary>
public sealed record IdAssignment(IReadOnlyDictionary<string, IdState> States, string[] ComponentIds, IReadOnlyList<IdChange> Changes, long NextSeq);

/// <summary>
/// Stable ids and revocable merges (issue 4, item 4). Every unit (attacker IP or identity id) has a <em>home</em> id,
/// kept across ticks. A new component takes the ids its members call home; when it holds several, the
/// <b>winner is the oldest id (smallest sequence number)</b>; the others record <c>merged_into</c> the winner and keep
/// their home members. When a later tick no longer joins them, the loser's home members form their own component
/// again, which takes the loser's id back (merged_into cleared: unmerged). A home id found in several components
/// stays with the component holding most of its home members; the rest are rehomed.
/// </summary>
public static class StableIds
{
    /// <param name="components">The new components (member units each), in a deterministic order; may be a subset (an incremental tick).</param>
    /// <param name="previous">Every known id.</param>
    /// <param name="homeOf">A unit's home id before this assignment, or null for a unit never assigned.</param>
    /// <returns>States holds only the ids that changed or were created.</returns>
    public static IdAssignment Assign(IReadOnlyList<IReadOnlyList<string>> components, IReadOnlyDictionary<string, IdState> previous,
        Func<string, string?> homeOf, string prefix, long nextSeq)
    {
        // Count home members per (component, id) and give each id to the component holding most of them.
        var owner = new Dictionary<string, (int Component, int Count)>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>[components.Count];
        var inComponents = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < components.Count; c++)
        {
            var perId = counts[c] = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var unit in components[c])
            {
                inComponents.Add(unit);
                if (homeOf(unit) is { } h && previous.ContainsKey(h)) perId[h] = perId.GetValueOrDefault(h) + 1;
            }
            foreach (var (id, count) in perId)
                if (!owner.TryGetValue(id, out var o) || count > o.Count) owner[id] = (c, count);
        }

        var states = new Dictionary<string, IdState>(StringComparer.Ordinal);
        IdState Current(string id) => states.TryGetValue(id, out var s) ? s : previous[id];
        var newHomes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var changes = new List<IdChange>();
        var componentIds = new string[components.Count];
        for (var c = 0; c < components.Count; c++)
        {
            var owned = counts[c].Keys.Where(id => owner[id].Component == c).OrderBy(id => previous[id].Seq).ToList();
            string winner;
            if (owned.Count == 0)
            {
                winner = prefix + nextSeq.ToString(System.Globalization.CultureInfo.InvariantCulture);
                states[winner] = new IdState(winner, nextSeq, null, []);
                nextSeq++;
                changes.Add(new IdChange(IdChangeKind.Formed, winner, null, components[c]));
            }
            else
            {
                winner = owned[0];
                var was = previous[winner];
                if (was.MergedInto is { } formerWinner)
                {
                    states[winner] = was with { MergedInto = null };
                    changes.Add(new IdChange(IdChangeKind.Unmerged, winner, formerWinner, components[c]));
                }
                foreach (var loser in owned.Skip(1))
                {
                    var l = previous[loser];
                    if (l.MergedInto == winner) continue;
                    states[loser] = l with { MergedInto = winner };
                    changes.Add(new IdChange(IdChangeKind.Merged, loser, winner, components[c]));
                }
            }
            componentIds[c] = winner;
            foreach (var unit in components[c])
            {
                var h = homeOf(unit);
                var keep = h is not null && owner.TryGetValue(h, out var o) && o.Component == c;
                var home = keep ? h! : winner;
                if (!newHomes.TryGetValue(home, out var list)) newHomes[home] = list = [];
                list.Add(unit);
                if (h is null && owned.Count > 0) changes.Add(new IdChange(IdChangeKind.Linked, winner, unit, [unit]));
            }
        }

        // Home members of every id touched: members outside this run's components stay, the rest come from newHomes.
        var touched = new HashSet<string>(newHomes.Keys, StringComparer.Ordinal);
        foreach (var unit in inComponents)
            if (homeOf(unit) is { } h && previous.ContainsKey(h)) touched.Add(h);
        foreach (var id in touched)
        {
            var state = Current(id);
            var members = state.HomeMembers.Where(m => !inComponents.Contains(m)).ToList();
            if (newHomes.TryGetValue(id, out var added)) members.AddRange(added);
            if (!SameMembers(state.HomeMembers, members) || states.ContainsKey(id)) states[id] = state with { HomeMembers = members };
        }
        return new IdAssignment(states, componentIds, changes, nextSeq);
    }

    /// <summary>Follows merged_into to the live winner (stops on a cycle, which the assigner never creates).</summary>
    public static string Resolve(string id, IReadOnlyDictionary<string, IdState> states)
    {
        var current = id;
        for (var hops = 0; hops < 64 && states.TryGetValue(current, out var s) && s.MergedInto is { } next; hops++) current = next;
        return current;
    }

    private static bool SameMembers(IReadOnlyList<string> a, List<string> b)
    {
        if (a.Count != b.Count) return false;
        var set = new HashSet<string>(a, StringComparer.Ordinal);
        return b.All(set.Contains);
    }
}
