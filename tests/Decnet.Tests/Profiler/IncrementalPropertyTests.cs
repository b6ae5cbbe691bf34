using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;

namespace Decnet.Tests.Profiler;

/// <summary>
/// ProfileUpdater is incremental: however a stream of events is cut into batches, the resulting profile is the same.
/// Generated streams are for one IP, out of order with many timestamp ties, and large enough to overflow the session
/// window and the capped lists.
/// </summary>
public class IncrementalPropertyTests
{
    private static List<DecnetEvent> Stream(Random r, int count)
    {
        // Pools sized per stream: some streams stay small, some overflow the caps.
        var agentPool = r.Next(2) == 0 ? 10 : ProfileLimits.UserAgents + 40;
        var passwordPool = r.Next(3) == 0 ? ProfileLimits.Credentials + 300 : 40;
        var sessionPool = r.Next(2) == 0 ? 20 : ProfileLimits.RecentSessions * 2;
        string[] types = [EventTypes.SessionConnect, EventTypes.SessionClosed, EventTypes.LoginFailed, EventTypes.LoginSuccess,
            EventTypes.CommandInput, EventTypes.FileDownload, EventTypes.DirectTcpip, EventTypes.ClientVersion, EventTypes.HttpRequest];
        var events = new List<DecnetEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var type = types[r.Next(types.Length)];
            var e = new DecnetEvent
            {
                Id = i.ToString("x32"),
                // Coarse, jittered time: out of order and full of ties.
                Timestamp = Events.T0.AddSeconds(i / 4 + r.Next(-20, 20)),
                Event = type,
                SrcIp = "192.0.2.1",
                Session = r.Next(10) == 0 ? null : "s" + r.Next(sessionPool),
                Decky = r.Next(4) == 0 ? null : "decky-" + r.Next(6),
                Service = r.Next(2) == 0 ? "ssh" : "telnet",
            };
            e = type switch
            {
                EventTypes.LoginFailed or EventTypes.LoginSuccess => e with { Username = "u" + r.Next(3), Password = "p" + r.Next(passwordPool) },
                EventTypes.CommandInput => e with { Command = $"wget http://10.0.0.{r.Next(9)}/x{r.Next(30)} ; sleep {r.Next(5000)}" },
                EventTypes.FileDownload => e with { Url = "http://h/f" + r.Next(8), Sha256 = r.Next(3) == 0 ? null : "ab" + r.Next(4) },
                EventTypes.DirectTcpip => e with { DstHost = "h" + r.Next(12), DstPort = 80 + r.Next(3) },
                EventTypes.ClientVersion => e with { SshVersion = "SSH-2.0-v" + r.Next(4), Hassh = "h" + r.Next(5) },
                EventTypes.HttpRequest => e with { UserAgent = "agent-" + r.Next(agentPool), Ja3 = "j" + r.Next(3) },
                _ => e,
            };
            events.Add(e);
        }
        return events;
    }

    [Test]
    [Arguments(1)]
    [Arguments(2)]
    [Arguments(3)]
    [Arguments(4)]
    [Arguments(5)]
    [Arguments(6)]
    [Arguments(7)]
    [Arguments(8)]
    public async Task AnyBatchingGivesTheSameProfile(int seed)
    {
        var r = new Random(seed);
        var events = Stream(r, 6_000);
        var whole = ProfileUpdater.Apply(null, events);

        for (var trial = 0; trial < 5; trial++)
        {
            var cuts = Enumerable.Range(0, r.Next(1, 8)).Select(_ => r.Next(1, events.Count)).Append(0).Append(events.Count)
                .Distinct().Order().ToArray();
            AttackerProfile? profile = null;
            for (var i = 0; i + 1 < cuts.Length; i++)
                profile = ProfileUpdater.Apply(profile, events.GetRange(cuts[i], cuts[i + 1] - cuts[i]));
            await Assert.That(profile).IsEqualTo(whole);
        }
    }

    [Test]
    public async Task OneEventPerBatchGivesTheSameProfile()
    {
        var r = new Random(42);
        var events = Stream(r, 3_000);
        var whole = ProfileUpdater.Apply(null, events);
        AttackerProfile? profile = null;
        foreach (var e in events) profile = ProfileUpdater.Apply(profile, [e]);
        await Assert.That(profile).IsEqualTo(whole);
    }

    [Test]
    public async Task TheStreamsReallyExerciseCapsWindowAndReordering()
    {
        // Guards the property tests above against testing nothing: at least one seed overflows, evicts and reorders.
        bool truncated = false, evicted = false, reordered = false;
        for (var seed = 1; seed <= 8; seed++)
        {
            var p = ProfileUpdater.Apply(null, Stream(new Random(seed), 6_000));
            truncated |= p.Truncated.Total > 0;
            evicted |= p.RecentSessions.Count == ProfileLimits.RecentSessions;
            for (var i = 1; i < p.Credentials.Count; i++) reordered |= p.Credentials[i - 1].FirstSeen > p.Credentials[i].FirstSeen;
        }
        await Assert.That(truncated).IsTrue();
        await Assert.That(evicted).IsTrue();
        await Assert.That(reordered).IsFalse(); // credentials must always come out sorted by first attempt
    }
}
