using Decnet.Engine.Ingest;

namespace Decnet.Engine.Simulation;

/// <summary>
/// An SSH client stack as a honeypot sees it: the version banner and the four algorithm lists HASSH is computed from.
/// Two tools share a HASSH exactly when they offer the same lists in the same order.
/// </summary>
public sealed record SshClient(string Version, string[] Kex, string[] Enc, string[] Mac, string[] Comp)
{
    /// <summary>HASSH of the lists, computed once.</summary>
    public string Hassh { get; } = Ingest.Hassh.Compute(Kex, Enc, Mac, Comp);
}
