namespace Decnet.Engine.Simulation;

/// <summary>
/// What one true identity (a person or a tool run by one group) carries from IP to IP: its SSH client, its wordlist in
/// its own order, its post-login habits, the infrastructure it fetches from and the targets it proxies to.
/// Noise scanners and bots get a kit too (made of common values only, shared between scanners that happen to run the
/// same stack and list) so every IP is generated the same way.
/// </summary>
public sealed record OperatorKit
{
    public required SshClient Client { get; init; }
    /// <summary>The credentials in the order this tool tries them.</summary>
    public required Credential[] Wordlist { get; init; }
    /// <summary>Which <see cref="Wordlist"/> entries are private to this kit (not on any public list).</summary>
    public required bool[] IsPrivate { get; init; }
    /// <summary>Commands run after a successful login, in order.</summary>
    public required string[] Commands { get; init; }
    /// <summary>Files fetched after a login (campaign infrastructure); empty for scanners.</summary>
    public required Payload[] Payloads { get; init; }
    public required (string Host, int Port)[] TcpipTargets { get; init; }
    /// <summary>Deckies this kit works on.</summary>
    public required string[] Sensors { get; init; }
    /// <summary>Mean seconds between two login attempts (tool speed).</summary>
    public required double Cadence { get; init; }
    /// <summary>True for a real operator (a multi-IP identity); false for noise scanners and bots.</summary>
    public bool IsOperator { get; init; }
}
