namespace Decnet.Engine.Clustering;

/// <summary>What a feature value is: the kind weighs it (see <see cref="LinkWeights"/>) and names it in `show`.</summary>
public enum FeatureKind : byte
{
    Hassh = 1,
    SshVersion = 2,
    Ja3 = 3,
    UserAgent = 4,
    /// <summary>One username/password pair.</summary>
    Credential = 5,
    /// <summary>Two credentials tried one after the other (first-attempt order): the order a tool walks its wordlist.</summary>
    WordlistOrder = 6,
    /// <summary>A normalised command.</summary>
    Command = 7,
    DownloadUrl = 8,
    /// <summary>The host part of a download URL (C2 / staging infrastructure).</summary>
    DownloadHost = 9,
    /// <summary>SHA-256 of a downloaded file.</summary>
    PayloadSha = 10,
    TcpipTarget = 11,
    /// <summary>The announced network (prefix) the IP sits in.</summary>
    Network = 12,
    /// <summary>A decky touched; used for coordination and hand-off, never weighed by rarity.</summary>
    Sensor = 13,
}

public static class FeatureKinds
{
    public const int Count = 14;

    public static string Name(this FeatureKind kind) => kind switch
    {
        FeatureKind.Hassh => "hassh",
        FeatureKind.SshVersion => "ssh_version",
        FeatureKind.Ja3 => "ja3",
        FeatureKind.UserAgent => "user_agent",
        FeatureKind.Credential => "credential",
        FeatureKind.WordlistOrder => "wordlist_order",
        FeatureKind.Command => "command",
        FeatureKind.DownloadUrl => "download_url",
        FeatureKind.DownloadHost => "download_host",
        FeatureKind.PayloadSha => "payload_sha256",
        FeatureKind.TcpipTarget => "tcpip_target",
        FeatureKind.Network => "network",
        FeatureKind.Sensor => "sensor",
        _ => "unknown",
    };
}
