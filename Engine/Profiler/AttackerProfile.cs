namespace Decnet.Engine.Profiler;

/// <summary>
/// Everything decnet knows about one source IP, maintained incrementally by <see cref="ProfileUpdater"/>.
/// Lists keep first-seen order (credentials: ordered by first attempt time) and are capped by <see cref="ProfileLimits"/>.
/// Value equality over all lists (they are <see cref="EquatableArray{T}"/>).
/// </summary>
public sealed record AttackerProfile
{
    public required string Ip { get; init; }
    public required DateTimeOffset FirstSeen { get; init; }
    public required DateTimeOffset LastSeen { get; init; }
    public long EventCount { get; init; }
    /// <summary>Distinct sessions seen; see <see cref="RecentSessions"/> for the window used to tell them apart.</summary>
    public long SessionCount { get; init; }
    /// <summary>Deckies touched, in first-seen order.</summary>
    public EquatableArray<string> Sensors { get; init; }
    public EquatableArray<string> Services { get; init; }
    /// <summary>Every login attempt (failed and successful), ordered by first attempt.</summary>
    public EquatableArray<CredentialEntry> Credentials { get; init; }
    public EquatableArray<CredentialEntry> SuccessfulLogins { get; init; }
    public EquatableArray<CommandEntry> Commands { get; init; }
    public EquatableArray<ValueCount> SshVersions { get; init; }
    public EquatableArray<ValueCount> Hassh { get; init; }
    public EquatableArray<ValueCount> Ja3 { get; init; }
    public EquatableArray<ValueCount> UserAgents { get; init; }
    public EquatableArray<DownloadEntry> Downloads { get; init; }
    /// <summary>Direct-tcpip (port forwarding) targets as "host:port" ("[v6]:port" for IPv6 hosts).</summary>
    public EquatableArray<ValueCount> DirectTcpipTargets { get; init; }
    /// <summary>
    /// The last <see cref="ProfileLimits.RecentSessions"/> session ids, least recently seen first. A session id that
    /// fell out of this window and shows up again is counted as a new session.
    /// </summary>
    public EquatableArray<string> RecentSessions { get; init; }
    public ProfileTruncation Truncated { get; init; } = ProfileTruncation.None;
    /// <summary>Country and network from offline RIR/ASN data; null until enriched (or with enrichment off).</summary>
    public AttackerGeo? Geo { get; init; }
}
