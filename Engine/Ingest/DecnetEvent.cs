namespace Decnet.Engine.Ingest;

/// <summary>
/// One attacker interaction, normalised from any input format (Cowrie JSON, decnet JSONL, RFC 5424).
/// Field names follow the decnet JSONL / <c>decnet@32473</c> vocabulary.
/// </summary>
public sealed record DecnetEvent
{
    /// <summary>Stable id: the source's own id when it has one, else a hash of the raw line (idempotent ingest).</summary>
    public required string Id { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>Canonical event name, see <see cref="EventTypes"/>; unknown source names are kept as given.</summary>
    public required string Event { get; init; }
    public required string SrcIp { get; init; }
    public int? SrcPort { get; init; }
    public string? Service { get; init; }
    /// <summary>The decky (sensor) that saw the interaction.</summary>
    public string? Decky { get; init; }
    public string? Session { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Command { get; init; }
    public string? SshVersion { get; init; }
    /// <summary>HASSH: computed from the kex/enc/mac/comp lists when the source has them, else as given.</summary>
    public string? Hassh { get; init; }
    public string? Ja3 { get; init; }
    public string? UserAgent { get; init; }
    public string? Url { get; init; }
    public string? Sha256 { get; init; }
    public string? DstHost { get; init; }
    public int? DstPort { get; init; }
}
