using Decnet.Engine.Ingest;

namespace Decnet.Tests.Profiler;

/// <summary>Terse construction of events for tests.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static long _id;

    public static DecnetEvent Ev(string type, int second, string ip = "203.0.113.7", string? session = "s1", string? decky = null,
        string? service = null, string? user = null, string? password = null, string? command = null, string? url = null,
        string? sha = null, string? host = null, int? port = null, string? ssh = null, string? hassh = null, string? ja3 = null,
        string? ua = null, string? id = null) => new()
    {
        Id = id ?? Interlocked.Increment(ref _id).ToString("x32"),
        Timestamp = T0.AddSeconds(second),
        Event = type,
        SrcIp = ip,
        Session = session,
        Decky = decky,
        Service = service,
        Username = user,
        Password = password,
        Command = command,
        Url = url,
        Sha256 = sha,
        DstHost = host,
        DstPort = port,
        SshVersion = ssh,
        Hassh = hassh,
        Ja3 = ja3,
        UserAgent = ua,
    };
}
