using System.Globalization;
using Decnet.Engine.Profiler;

namespace Decnet.Engine.Simulation;

/// <summary>
/// The in-memory fast path: folds a simulated attacker's sessions straight into the <see cref="AttackerProfile"/> that
/// <see cref="ProfileUpdater"/> would build from its events (same lists, order, counts and times; a test holds the two
/// equal), without creating events. One instance is reused attacker after attacker; not thread-safe.
/// </summary>
/// <remarks>
/// It relies on what the simulator guarantees: one IP's sessions never overlap and have distinct ids, every event of
/// a session carries the session's decky and service "ssh", values are short ASCII (nothing for
/// <c>ProfileText.Clean</c> to change) and no list reaches its <see cref="ProfileLimits"/> cap.
/// </remarks>
public sealed class ProfileFold : ISessionVisitor
{
    private static readonly EquatableArray<string> Ssh = ["ssh"];

    private readonly Dictionary<string, string> _normalised = new(StringComparer.Ordinal);
    private readonly Dictionary<Credential, int> _credentialIndex = [];
    private readonly List<(Credential Credential, long Count, DateTimeOffset FirstSeen)> _credentials = [];
    private readonly Dictionary<Credential, int> _successIndex = [];
    private readonly List<(Credential Credential, long Count, DateTimeOffset FirstSeen)> _successes = [];
    private readonly Dictionary<string, int> _commandIndex = new(StringComparer.Ordinal);
    private readonly List<(string Normalised, string Example, long Count)> _commands = [];
    private readonly List<string> _sensors = [];
    private readonly List<(string Value, long Count)> _versions = [];
    private readonly List<(string Value, long Count)> _hassh = [];
    private readonly List<(string Url, string Sha256, long Count)> _downloads = [];
    private readonly List<(string Value, long Count)> _tcpip = [];
    private DateTimeOffset _first, _last;
    private long _events;

    public AttackerProfile Fold(SimulatedAttacker attacker)
    {
        Reset();
        var sessions = attacker.Sessions;
        _first = sessions[0].Start;
        foreach (var session in sessions)
        {
            if (!_sensors.Contains(session.Sensor)) _sensors.Add(session.Sensor);
            SessionEvents.Walk(attacker, session, this);
        }
        var recent = sessions.Length <= ProfileLimits.RecentSessions ? sessions : sessions[^ProfileLimits.RecentSessions..];
        return new AttackerProfile
        {
            Ip = attacker.Ip,
            FirstSeen = _first,
            LastSeen = _last,
            EventCount = _events,
            SessionCount = sessions.Length,
            Sensors = Freeze(_sensors, static s => s),
            Services = Ssh,
            Credentials = Freeze(_credentials, static c => new CredentialEntry(c.Credential.Username, c.Credential.Password, c.Count, c.FirstSeen)),
            SuccessfulLogins = Freeze(_successes, static c => new CredentialEntry(c.Credential.Username, c.Credential.Password, c.Count, c.FirstSeen)),
            Commands = Freeze(_commands, static c => new CommandEntry(c.Normalised, c.Example, c.Count)),
            SshVersions = Freeze(_versions, static v => new ValueCount(v.Value, v.Count)),
            Hassh = Freeze(_hassh, static v => new ValueCount(v.Value, v.Count)),
            Downloads = Freeze(_downloads, static d => new DownloadEntry(d.Url, d.Sha256, d.Count)),
            DirectTcpipTargets = Freeze(_tcpip, static v => new ValueCount(v.Value, v.Count)),
            RecentSessions = EquatableArray<string>.TakeOwnership(recent.Select(s => s.Id).ToArray()),
        };
    }

    private void Reset()
    {
        _credentialIndex.Clear(); _credentials.Clear(); _successIndex.Clear(); _successes.Clear();
        _commandIndex.Clear(); _commands.Clear(); _sensors.Clear(); _versions.Clear(); _hassh.Clear();
        _downloads.Clear(); _tcpip.Clear();
        _events = 0;
    }

    public void Connect(DateTimeOffset at) => Seen(at);

    public void ClientVersion(DateTimeOffset at, SshClient client)
    {
        Seen(at);
        Count(_versions, client.Version);
    }

    public void ClientKex(DateTimeOffset at, SshClient client)
    {
        Seen(at);
        Count(_hassh, client.Hassh);
    }

    public void Login(DateTimeOffset at, Credential credential, bool success)
    {
        Seen(at);
        Tally(_credentialIndex, _credentials, credential, at);
        if (success) Tally(_successIndex, _successes, credential, at);
    }

    public void Command(DateTimeOffset at, string command)
    {
        Seen(at);
        if (!_normalised.TryGetValue(command, out var normalised))
            _normalised[command] = normalised = CommandNormaliser.Normalise(command);
        if (normalised.Length == 0) return;
        if (_commandIndex.TryGetValue(normalised, out var i))
        {
            var c = _commands[i];
            _commands[i] = c with { Count = c.Count + 1 };
        }
        else
        {
            _commandIndex[normalised] = _commands.Count;
            _commands.Add((normalised, command, 1));
        }
    }

    public void Download(DateTimeOffset at, Payload payload)
    {
        Seen(at);
        for (var i = 0; i < _downloads.Count; i++)
        {
            var d = _downloads[i];
            if (d.Url != payload.Url || d.Sha256 != payload.Sha256) continue;
            _downloads[i] = d with { Count = d.Count + 1 };
            return;
        }
        _downloads.Add((payload.Url, payload.Sha256, 1));
    }

    public void DirectTcpip(DateTimeOffset at, string host, int port)
    {
        Seen(at);
        Count(_tcpip, host + ":" + port.ToString(CultureInfo.InvariantCulture));
    }

    public void Closed(DateTimeOffset at) => Seen(at);

    private void Seen(DateTimeOffset at)
    {
        _events++;
        _last = at;
    }

    private static void Count(List<(string Value, long Count)> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Value != value) continue;
            list[i] = (value, list[i].Count + 1);
            return;
        }
        list.Add((value, 1));
    }

    private static void Tally(Dictionary<Credential, int> index, List<(Credential Credential, long Count, DateTimeOffset FirstSeen)> list,
        Credential credential, DateTimeOffset at)
    {
        if (index.TryGetValue(credential, out var i))
        {
            var c = list[i];
            list[i] = c with { Count = c.Count + 1 };
            return;
        }
        index[credential] = list.Count;
        list.Add((credential, 1, at));
    }

    private static EquatableArray<TOut> Freeze<TIn, TOut>(List<TIn> list, Func<TIn, TOut> map)
    {
        if (list.Count == 0) return default;
        var items = new TOut[list.Count];
        for (var i = 0; i < items.Length; i++) items[i] = map(list[i]);
        return EquatableArray<TOut>.TakeOwnership(items);
    }
}
