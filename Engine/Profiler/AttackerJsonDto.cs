namespace Decnet.Engine.Profiler;

// The JSON shape of `attackers list|show --json`. Field names come out snake_case from AttackerJsonContext;
// renaming a property here is a breaking change for scripts reading the output.

public sealed record AttackerDto
{
    public required string Ip { get; init; }
    /// <summary>The attacker's identity and campaign (resolved through merges); null until clustered.</summary>
    public string? IdentityId { get; init; }
    public string? CampaignId { get; init; }
    public required DateTime FirstSeen { get; init; }
    public required DateTime LastSeen { get; init; }
    public long EventCount { get; init; }
    public long SessionCount { get; init; }
    public string[] Sensors { get; init; } = [];
    public string[] Services { get; init; } = [];
    public CredentialDto[] Credentials { get; init; } = [];
    public CredentialDto[] SuccessfulLogins { get; init; } = [];
    public CommandDto[] Commands { get; init; } = [];
    public ValueCountDto[] SshVersions { get; init; } = [];
    public ValueCountDto[] Hassh { get; init; } = [];
    public ValueCountDto[] Ja3 { get; init; } = [];
    public ValueCountDto[] UserAgents { get; init; } = [];
    public DownloadDto[] Downloads { get; init; } = [];
    public ValueCountDto[] DirectTcpip { get; init; } = [];
    public TruncatedDto Truncated { get; init; } = new();
    public string? CountryCode { get; init; }
    public string? CountrySource { get; init; }
    public uint? Asn { get; init; }
    public string? AsName { get; init; }
    public string? Network { get; init; }
}

public sealed record CredentialDto
{
    public required string Username { get; init; }
    public string? Password { get; init; }
    public long Count { get; init; }
    public required DateTime FirstSeen { get; init; }
}

public sealed record CommandDto
{
    public required string Normalised { get; init; }
    public required string Example { get; init; }
    public long Count { get; init; }
}

public sealed record ValueCountDto
{
    public required string Value { get; init; }
    public long Count { get; init; }
}

public sealed record DownloadDto
{
    public required string Url { get; init; }
    public string? Sha256 { get; init; }
    public long Count { get; init; }
}

/// <summary>New distinct values each list turned away because it was full.</summary>
public sealed record TruncatedDto
{
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
    public long DirectTcpip { get; init; }
}
