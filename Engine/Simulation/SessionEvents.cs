using System.Globalization;
using Decnet.Engine.Ingest;

namespace Decnet.Engine.Simulation;

/// <summary>
/// Plays one planned session in time order: connect, client version, key exchange (HASSH), the login attempts, then
/// (after a successful login) commands with their downloads and direct-tcpip requests, and close. A pure function of
/// the attacker and the session: its timing comes from the session's own seed.
/// </summary>
public static class SessionEvents
{
    public static void Walk<TVisitor>(SimulatedAttacker attacker, SimulatedSession session, TVisitor visitor) where TVisitor : ISessionVisitor
    {
        var kit = attacker.Kit;
        var clock = new SessionClock(session.Seed);
        var at = session.Start;
        visitor.Connect(at);
        at += clock.Step(0.08, 0.6);
        visitor.ClientVersion(at, kit.Client);
        at += clock.Step(0.01, 0.05);
        visitor.ClientKex(at, kit.Client);

        for (var i = 0; i < session.CredentialCount; i++)
        {
            at += clock.Step(kit.Cadence * 0.6, kit.Cadence * 1.4);
            visitor.Login(at, kit.Wordlist[(session.CredentialFrom + i) % kit.Wordlist.Length], session.Success && i == session.CredentialCount - 1);
        }

        if (session.Success)
        {
            foreach (var command in session.Commands)
            {
                at += clock.Step(0.3, 2.5);
                visitor.Command(at, command);
                foreach (var payload in session.Downloads)
                {
                    if (!command.Contains(payload.Url, StringComparison.Ordinal)) continue;
                    at += clock.Step(0.5, 4);
                    visitor.Download(at, payload);
                }
            }
            foreach (var (host, port) in session.Tcpip)
            {
                at += clock.Step(0.1, 1);
                visitor.DirectTcpip(at, host, port);
            }
        }

        at += clock.Step(0.05, 2);
        visitor.Closed(at);
    }

    /// <summary>The session as <see cref="DecnetEvent"/>s (ids <c>sim-SESSION-NNN</c>).</summary>
    public static List<DecnetEvent> Render(SimulatedAttacker attacker, SimulatedSession session)
    {
        var renderer = new EventRenderer(attacker, session);
        Walk(attacker, session, renderer);
        return renderer.Events;
    }

    private sealed class EventRenderer(SimulatedAttacker attacker, SimulatedSession session) : ISessionVisitor
    {
        public List<DecnetEvent> Events { get; } = new(6 + session.CredentialCount + session.Commands.Length * 2);

        private DecnetEvent New(DateTimeOffset at, string name) => new()
        {
            Id = "sim-" + session.Id + "-" + Events.Count.ToString("D3", CultureInfo.InvariantCulture),
            Timestamp = at,
            Event = name,
            SrcIp = attacker.Ip,
            Service = "ssh",
            Decky = session.Sensor,
            Session = session.Id,
        };

        public void Connect(DateTimeOffset at) => Events.Add(New(at, EventTypes.SessionConnect) with { SrcPort = session.SrcPort });
        public void ClientVersion(DateTimeOffset at, SshClient client) => Events.Add(New(at, EventTypes.ClientVersion) with { SshVersion = client.Version });
        public void ClientKex(DateTimeOffset at, SshClient client) => Events.Add(New(at, EventTypes.ClientKex) with { Hassh = client.Hassh });
        public void Login(DateTimeOffset at, Credential credential, bool success) =>
            Events.Add(New(at, success ? EventTypes.LoginSuccess : EventTypes.LoginFailed) with { Username = credential.Username, Password = credential.Password });
        public void Command(DateTimeOffset at, string command) => Events.Add(New(at, EventTypes.CommandInput) with { Command = command });
        public void Download(DateTimeOffset at, Payload payload) => Events.Add(New(at, EventTypes.FileDownload) with { Url = payload.Url, Sha256 = payload.Sha256 });
        public void DirectTcpip(DateTimeOffset at, string host, int port) => Events.Add(New(at, EventTypes.DirectTcpip) with { DstHost = host, DstPort = port });
        public void Closed(DateTimeOffset at) => Events.Add(New(at, EventTypes.SessionClosed));
    }
}
