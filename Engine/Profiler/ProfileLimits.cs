namespace Decnet.Engine.Profiler;

/// <summary>
/// Every cap on an attacker profile, in one place. A profile is one LiteDB document rewritten on each batch that
/// touches it, so its size must stay bounded whatever an attacker sends.
/// </summary>
public static class ProfileLimits
{
    public const int Sensors = 256;
    public const int Services = 256;
    /// <summary>Distinct username/password pairs: big enough to keep a typical brute-force wordlist whole.</summary>
    public const int Credentials = 2_000;
    public const int SuccessfulLogins = 2_000;
    public const int Commands = 1_000;
    public const int SshVersions = 256;
    public const int Hassh = 256;
    public const int Ja3 = 256;
    public const int UserAgents = 256;
    public const int Downloads = 256;
    public const int DirectTcpipTargets = 256;
    /// <summary>Session ids remembered (least recently seen dropped first) to count distinct sessions.</summary>
    public const int RecentSessions = 256;

    /// <summary>Longest stored command (raw example and normalised form); longer input is cut.</summary>
    public const int CommandLength = 4_096;
    /// <summary>Longest stored value of any other kind (usernames, passwords, URLs, user agents, ...).</summary>
    public const int ValueLength = 1_024;
}
