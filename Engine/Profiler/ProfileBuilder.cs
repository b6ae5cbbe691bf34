using Decnet.Engine.Ingest;

namespace Decnet.Engine.Profiler;

/// <summary>
/// The mutable fold state behind <see cref="ProfileUpdater"/>. A list is only unpacked when an event touches it, so
/// a batch that adds a login to a profile with a thousand commands does not rebuild the commands.
/// </summary>
internal sealed class ProfileBuilder
{
    private readonly AttackerProfile? _existing;
    private readonly string _ip;
    private DateTimeOffset _firstSeen;
    private DateTimeOffset _lastSeen;
    private long _eventCount;
    private long _sessionCount;

    private TallyBuilder<string>? _sensors;
    private TallyBuilder<string>? _services;
    private TallyBuilder<(string User, string? Password)>? _credentials;
    private TallyBuilder<(string User, string? Password)>? _successes;
    private TallyBuilder<string>? _commands;
    private TallyBuilder<string>? _sshVersions;
    private TallyBuilder<string>? _hassh;
    private TallyBuilder<string>? _ja3;
    private TallyBuilder<string>? _userAgents;
    private TallyBuilder<(string Url, string? Sha256)>? _downloads;
    private TallyBuilder<string>? _directTcpip;
    private SessionWindow? _sessions;

    public ProfileBuilder(AttackerProfile? existing, string ip, DateTimeOffset firstEventAt)
    {
        _existing = existing;
        _ip = ip;
        _firstSeen = existing?.FirstSeen ?? firstEventAt;
        _lastSeen = existing?.LastSeen ?? firstEventAt;
        _eventCount = existing?.EventCount ?? 0;
        _sessionCount = existing?.SessionCount ?? 0;
    }

    public void Add(DecnetEvent e)
    {
        var at = e.Timestamp.ToUniversalTime();
        if (at < _firstSeen) _firstSeen = at;
        if (at > _lastSeen) _lastSeen = at;
        _eventCount++;

        if (!string.IsNullOrEmpty(e.Session))
        {
            _sessions ??= new SessionWindow(_existing?.RecentSessions ?? default, ProfileLimits.RecentSessions);
            if (_sessions.Touch(Value(e.Session))) _sessionCount++;
        }
        else if (e.Event == EventTypes.SessionConnect)
        {
            _sessionCount++;
        }

        if (!string.IsNullOrEmpty(e.Decky)) Strings(ref _sensors, _existing?.Sensors, ProfileLimits.Sensors).Add(Value(e.Decky), at);
        if (!string.IsNullOrEmpty(e.Service)) Strings(ref _services, _existing?.Services, ProfileLimits.Services).Add(Value(e.Service), at);

        var isSuccess = e.Event == EventTypes.LoginSuccess;
        if ((isSuccess || e.Event == EventTypes.LoginFailed) && (e.Username != null || e.Password != null))
        {
            var key = (Value(e.Username ?? ""), e.Password == null ? null : Value(e.Password));
            Credentials(ref _credentials, _existing?.Credentials, ProfileLimits.Credentials).Add(key, at);
            if (isSuccess) Credentials(ref _successes, _existing?.SuccessfulLogins, ProfileLimits.SuccessfulLogins).Add(key, at);
        }

        if (!string.IsNullOrWhiteSpace(e.Command))
        {
            var raw = ProfileText.Clean(e.Command, ProfileLimits.CommandLength);
            var normalised = CommandNormaliser.Normalise(raw);
            if (normalised.Length > 0) Commands().Add(normalised, at, raw);
        }

        if (!string.IsNullOrEmpty(e.SshVersion)) Counts(ref _sshVersions, _existing?.SshVersions, ProfileLimits.SshVersions).Add(Value(e.SshVersion), at);
        if (!string.IsNullOrEmpty(e.Hassh)) Counts(ref _hassh, _existing?.Hassh, ProfileLimits.Hassh).Add(Value(e.Hassh), at);
        if (!string.IsNullOrEmpty(e.Ja3)) Counts(ref _ja3, _existing?.Ja3, ProfileLimits.Ja3).Add(Value(e.Ja3), at);
        if (!string.IsNullOrEmpty(e.UserAgent)) Counts(ref _userAgents, _existing?.UserAgents, ProfileLimits.UserAgents).Add(Value(e.UserAgent), at);

        if (e.Event == EventTypes.FileDownload && !string.IsNullOrEmpty(e.Url))
        {
            var sha = string.IsNullOrEmpty(e.Sha256) ? null : Value(e.Sha256.ToLowerInvariant());
            Downloads().Add((Value(e.Url), sha), at);
        }

        if (e.Event == EventTypes.DirectTcpip && !string.IsNullOrEmpty(e.DstHost))
            Counts(ref _directTcpip, _existing?.DirectTcpipTargets, ProfileLimits.DirectTcpipTargets).Add(Value(Target(e.DstHost, e.DstPort)), at);
    }

    public AttackerProfile Build()
    {
        var old = _existing;
        var oldTrunc = old?.Truncated ?? ProfileTruncation.None;
        var truncated = oldTrunc with
        {
            Sensors = oldTrunc.Sensors + (_sensors?.Truncated ?? 0),
            Services = oldTrunc.Services + (_services?.Truncated ?? 0),
            Credentials = oldTrunc.Credentials + (_credentials?.Truncated ?? 0),
            SuccessfulLogins = oldTrunc.SuccessfulLogins + (_successes?.Truncated ?? 0),
            Commands = oldTrunc.Commands + (_commands?.Truncated ?? 0),
            SshVersions = oldTrunc.SshVersions + (_sshVersions?.Truncated ?? 0),
            Hassh = oldTrunc.Hassh + (_hassh?.Truncated ?? 0),
            Ja3 = oldTrunc.Ja3 + (_ja3?.Truncated ?? 0),
            UserAgents = oldTrunc.UserAgents + (_userAgents?.Truncated ?? 0),
            Downloads = oldTrunc.Downloads + (_downloads?.Truncated ?? 0),
            DirectTcpipTargets = oldTrunc.DirectTcpipTargets + (_directTcpip?.Truncated ?? 0),
        };
        return new AttackerProfile
        {
            Ip = _ip,
            FirstSeen = _firstSeen,
            LastSeen = _lastSeen,
            EventCount = _eventCount,
            SessionCount = _sessionCount,
            Sensors = FreezeStrings(_sensors, old?.Sensors),
            Services = FreezeStrings(_services, old?.Services),
            Credentials = FreezeCredentials(_credentials, old?.Credentials),
            SuccessfulLogins = FreezeCredentials(_successes, old?.SuccessfulLogins),
            Commands = _commands is { Changed: true } c
                ? c.Freeze(static s => new CommandEntry(s.Key, s.Example ?? s.Key, s.Count))
                : old?.Commands ?? default,
            SshVersions = FreezeCounts(_sshVersions, old?.SshVersions),
            Hassh = FreezeCounts(_hassh, old?.Hassh),
            Ja3 = FreezeCounts(_ja3, old?.Ja3),
            UserAgents = FreezeCounts(_userAgents, old?.UserAgents),
            Downloads = _downloads is { Changed: true } d
                ? d.Freeze(static s => new DownloadEntry(s.Key.Url, s.Key.Sha256, s.Count))
                : old?.Downloads ?? default,
            DirectTcpipTargets = FreezeCounts(_directTcpip, old?.DirectTcpipTargets),
            RecentSessions = _sessions is { Changed: true } w ? w.Freeze() : old?.RecentSessions ?? default,
            Truncated = truncated == oldTrunc ? oldTrunc : truncated,
            Geo = old?.Geo,
        };
    }

    private static string Value(string s) => ProfileText.Clean(s, ProfileLimits.ValueLength);

    private static string Target(string host, int? port)
    {
        var h = host.Contains(':') && !host.StartsWith('[') ? "[" + host + "]" : host;
        return port is { } p ? h + ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : h;
    }

    // First-seen time is not kept for plain string/count lists; they stay in arrival order.
    private static TallyBuilder<string> Strings(ref TallyBuilder<string>? b, EquatableArray<string>? existing, int cap)
    {
        if (b != null) return b;
        var list = existing ?? default;
        b = new TallyBuilder<string>(cap, orderByFirstSeen: false, list.Count);
        foreach (var s in list) b.Load(s, 1, DateTimeOffset.MinValue);
        return b;
    }

    private static TallyBuilder<string> Counts(ref TallyBuilder<string>? b, EquatableArray<ValueCount>? existing, int cap)
    {
        if (b != null) return b;
        var list = existing ?? default;
        b = new TallyBuilder<string>(cap, orderByFirstSeen: false, list.Count);
        foreach (var v in list) b.Load(v.Value, v.Count, DateTimeOffset.MinValue);
        return b;
    }

    private static TallyBuilder<(string, string?)> Credentials(ref TallyBuilder<(string User, string? Password)>? b,
        EquatableArray<CredentialEntry>? existing, int cap)
    {
        if (b != null) return b;
        var list = existing ?? default;
        b = new TallyBuilder<(string, string?)>(cap, orderByFirstSeen: true, list.Count);
        foreach (var c in list) b.Load((c.Username, c.Password), c.Count, c.FirstSeen);
        return b;
    }

    private TallyBuilder<string> Commands()
    {
        if (_commands != null) return _commands;
        var list = _existing?.Commands ?? default;
        _commands = new TallyBuilder<string>(ProfileLimits.Commands, orderByFirstSeen: false, list.Count);
        foreach (var c in list) _commands.Load(c.Normalised, c.Count, DateTimeOffset.MinValue, c.Example);
        return _commands;
    }

    private TallyBuilder<(string Url, string? Sha256)> Downloads()
    {
        if (_downloads != null) return _downloads;
        var list = _existing?.Downloads ?? default;
        _downloads = new TallyBuilder<(string, string?)>(ProfileLimits.Downloads, orderByFirstSeen: false, list.Count);
        foreach (var d in list) _downloads.Load((d.Url, d.Sha256), d.Count, DateTimeOffset.MinValue);
        return _downloads;
    }

    private static EquatableArray<string> FreezeStrings(TallyBuilder<string>? b, EquatableArray<string>? old) =>
        b is { Changed: true } ? b.Freeze(static s => s.Key) : old ?? default;

    private static EquatableArray<ValueCount> FreezeCounts(TallyBuilder<string>? b, EquatableArray<ValueCount>? old) =>
        b is { Changed: true } ? b.Freeze(static s => new ValueCount(s.Key, s.Count)) : old ?? default;

    private static EquatableArray<CredentialEntry> FreezeCredentials(TallyBuilder<(string User, string? Password)>? b,
        EquatableArray<CredentialEntry>? old) =>
        b is { Changed: true }
            ? b.Freeze(static s => new CredentialEntry(s.Key.User, s.Key.Password, s.Count, s.FirstSeen))
            : old ?? default;
}
