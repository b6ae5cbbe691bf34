namespace Decnet.Engine.Simulation;

/// <summary>How a new operator's kit is drawn; every field has a realistic default.</summary>
public sealed record OperatorStyle
{
    /// <summary>The SSH stack; null = a custom tool of its own (rare HASSH).</summary>
    public SshClient? Client { get; init; }
    /// <summary>The public list its wordlist starts from; null = drawn.</summary>
    public Credential[]? PublicList { get; init; }
    /// <summary>Keep the public list's published order (the shared-wordlist case) instead of the operator's own order.</summary>
    public bool KeepPublicOrder { get; init; }
    public int PublicCount { get; init; } = 30;
    public int PrivateCount { get; init; } = 8;
    /// <summary>Credentials per session (inclusive range).</summary>
    public (int Min, int Max) CredentialsPerSession { get; init; } = (6, 24);
    /// <summary>Sessions per IP (inclusive range).</summary>
    public (int Min, int Max) SessionsPerIp { get; init; } = (1, 4);
}
