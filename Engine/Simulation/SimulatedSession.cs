namespace Decnet.Engine.Simulation;

/// <summary>
/// One SSH session of one IP, as planned: everything random about it is decided here (or derived from
/// <see cref="Seed"/>), so rendering it to events is a pure function and every output format agrees.
/// </summary>
public sealed record SimulatedSession
{
    public required DateTimeOffset Start { get; init; }
    public required string Sensor { get; init; }
    /// <summary>Cowrie-style 12 hex digit session id, unique in the simulation.</summary>
    public required string Id { get; init; }
    public required int SrcPort { get; init; }
    /// <summary>Credentials tried: <c>CredentialCount</c> entries of the kit's wordlist from <c>CredentialFrom</c> (wrapping).</summary>
    public required int CredentialFrom { get; init; }
    public required int CredentialCount { get; init; }
    /// <summary>The last credential tried succeeds; commands, downloads and proxying follow only then.</summary>
    public required bool Success { get; init; }
    public required string[] Commands { get; init; }
    public required Payload[] Downloads { get; init; }
    public required (string Host, int Port)[] Tcpip { get; init; }
    /// <summary>Seeds the sub-second timing of the session's events.</summary>
    public required int Seed { get; init; }
}
