using System.Globalization;
using Decnet.Engine.Ingest;

namespace Decnet.Engine.Simulation;

/// <summary>
/// Renders one planned session to its events, in time order: connect, client version, key exchange (HASSH), the login
/// attempts, then (after a successful login) commands with their downloads and direct-tcpip requests, and close.
/// A pure function of the attacker and the session (its timing comes from the session's own seed).
/// </summary>
public static class SessionEvents
{
    public static List<DecnetEvent> Render(SimulatedAttacker attacker, SimulatedSession session)
    {
        var kit = attacker.Kit;
        var random = new Random(session.Seed);
        var events = new List<DecnetEvent>(6 + session.CredentialCount + session.Commands.Length * 2);
        var at = session.Start;
        var index = 0;

        DecnetEvent New(string name) => new()
        {
            Id = "sim-" + session.Id + "-" + (index++).ToString("D3", CultureInfo.InvariantCulture),
            Timestamp = at,
            Event = name,
            SrcIp = attacker.Ip,
            Service = "ssh",
            Decky = session.Sensor,
            Session = session.Id,
        };

        events.Add(New(EventTypes.SessionConnect) with { SrcPort = session.SrcPort });
        at += Micros(random, 0.08, 0.6);
        events.Add(New(EventTypes.ClientVersion) with { SshVersion = kit.Client.Version });
        at += Micros(random, 0.01, 0.05);
        events.Add(New(EventTypes.ClientKex) with { Hassh = kit.Client.Hassh });

        for (var i = 0; i < session.CredentialCount; i++)
        {
            at += Micros(random, kit.Cadence * 0.6, kit.Cadence * 1.4);
            var credential = kit.Wordlist[(session.CredentialFrom + i) % kit.Wordlist.Length];
            var succeeded = session.Success && i == session.CredentialCount - 1;
            events.Add(New(succeeded ? EventTypes.LoginSuccess : EventTypes.LoginFailed) with
            {
                Username = credential.Username,
                Password = credential.Password,
            });
        }

        if (session.Success)
        {
            foreach (var command in session.Commands)
            {
                at += Micros(random, 0.3, 2.5);
                events.Add(New(EventTypes.CommandInput) with { Command = command });
                foreach (var payload in session.Downloads)
                {
                    if (!command.Contains(payload.Url, StringComparison.Ordinal)) continue;
                    at += Micros(random, 0.5, 4);
                    events.Add(New(EventTypes.FileDownload) with { Url = payload.Url, Sha256 = payload.Sha256 });
                }
            }
            foreach (var (host, port) in session.Tcpip)
            {
                at += Micros(random, 0.1, 1);
                events.Add(New(EventTypes.DirectTcpip) with { DstHost = host, DstPort = port });
            }
        }

        at += Micros(random, 0.05, 2);
        events.Add(New(EventTypes.SessionClosed));
        return events;
    }

    // Whole microseconds, as Cowrie writes them.
    private static TimeSpan Micros(Random random, double minSeconds, double maxSeconds) =>
        TimeSpan.FromTicks((long)((minSeconds + random.NextDouble() * (maxSeconds - minSeconds)) * 1_000_000) * 10);
}
