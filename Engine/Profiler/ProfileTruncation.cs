namespace Decnet.Engine.Profiler;

/// <summary>
/// How many new distinct values each profile list turned away because it was full (see <see cref="ProfileLimits"/>).
/// Values already in a full list keep counting; only newcomers are counted here.
/// </summary>
public sealed record ProfileTruncation
{
    public static ProfileTruncation None { get; } = new();

    public long Sensors { get; init; }
    public long Services { get; init; }
    public long Credentials { get; init; }
    public long SuccessfulLogins { get; init; }
    public long Commands { get; init; }
    public long SshVersions { get; init; }
    public long Hassh { get; init; }
    public long Ja3 { get; init; }
    public long UserAgents { get; init; }
    public long Downloads { get; init; }
    public long DirectTcpipTargets { get; init; }

    public long Total => Sensors + Services + Credentials + SuccessfulLogins + Commands + SshVersions + Hassh + Ja3
        + UserAgents + Downloads + DirectTcpipTargets;
}
