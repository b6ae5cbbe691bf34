using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;

namespace Decnet.Engine.Simulation;

/// <summary>
/// A planned population: every IP with its true identity and campaign and its sessions. Three views of it:
/// <see cref="Truth"/>, <see cref="Events"/> (the traffic, in time order, streamed) and <see cref="Profiles"/> (the
/// in-memory fast path: the attacker profiles the profiler would build from those events, without any text).
/// </summary>
public sealed class SimulatedPopulation(string scenario, DateTimeOffset start, DateTimeOffset end, SimulatedAttacker[] attackers)
{
    public string Scenario { get; } = scenario;
    public DateTimeOffset Start { get; } = start;
    /// <summary>End of the simulated period (sessions start before it).</summary>
    public DateTimeOffset End { get; } = end;
    /// <summary>Every IP, sorted by address.</summary>
    public IReadOnlyList<SimulatedAttacker> Attackers { get; } = attackers;

    public IEnumerable<TruthRecord> Truth()
    {
        foreach (var a in Attackers) yield return new TruthRecord(a.Ip, a.Identity, a.Campaign);
    }

    /// <summary>Every event of every session, merged in timestamp order (ties: session start order, then event order).</summary>
    public IEnumerable<SimulatedEvent> Events()
    {
        var sessions = new List<(SimulatedAttacker Attacker, SimulatedSession Session)>();
        foreach (var a in Attackers)
            foreach (var s in a.Sessions) sessions.Add((a, s));
        sessions.Sort(static (x, y) =>
        {
            var c = x.Session.Start.CompareTo(y.Session.Start);
            return c != 0 ? c : x.Attacker.Address.CompareTo(y.Attacker.Address);
        });
        // Sessions last seconds to minutes, so only a few are open at once: a small heap merges them.
        var open = new PriorityQueue<(List<DecnetEvent> Events, int Next, SimulatedAttacker Attacker), (DateTimeOffset, long)>();
        long order = 0;
        foreach (var (attacker, session) in sessions)
        {
            while (open.TryPeek(out _, out var head) && head.Item1 <= session.Start)
                foreach (var e in Pop(open)) yield return e;
            var events = SessionEvents.Render(attacker, session);
            open.Enqueue((events, 0, attacker), (events[0].Timestamp, order++));
        }
        while (open.Count > 0)
            foreach (var e in Pop(open)) yield return e;
    }

    private static IEnumerable<SimulatedEvent> Pop(PriorityQueue<(List<DecnetEvent> Events, int Next, SimulatedAttacker Attacker), (DateTimeOffset, long)> open)
    {
        open.TryDequeue(out var item, out var priority);
        yield return new SimulatedEvent(item.Events[item.Next], item.Attacker);
        var next = item.Next + 1;
        if (next < item.Events.Count) open.Enqueue((item.Events, next, item.Attacker), (item.Events[next].Timestamp, priority.Item2));
    }

    /// <summary>
    /// The profile of each IP (sorted by address), equal to what the profiler builds from <see cref="Events"/>, folded
    /// directly from the plan (no events, no text): the fast path for benchmarks at a million attackers.
    /// </summary>
    public IEnumerable<AttackerProfile> Profiles()
    {
        var fold = new ProfileFold();
        foreach (var a in Attackers) yield return fold.Fold(a);
    }

    /// <summary>The reference path for one IP: its events through <see cref="ProfileUpdater"/>, as ingest does.</summary>
    public static AttackerProfile ProfileFromEvents(SimulatedAttacker attacker)
    {
        var events = new List<DecnetEvent>();
        foreach (var session in attacker.Sessions) events.AddRange(SessionEvents.Render(attacker, session));
        return ProfileUpdater.Apply(null, events);
    }
}
