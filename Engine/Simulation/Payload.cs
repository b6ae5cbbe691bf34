namespace Decnet.Engine.Simulation;

/// <summary>A file an operator fetches onto the honeypot: where from, and the SHA-256 of its content.</summary>
public sealed record Payload(string Url, string Sha256)
{
    /// <summary>The host part of the URL (the C2 or staging server), as an operator would block it.</summary>
    public string Host => new Uri(Url).Host;
}
