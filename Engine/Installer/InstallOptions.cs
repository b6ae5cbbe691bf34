namespace Decnet.Engine.Installer;

/// <summary>What `decnet init` was asked to do.</summary>
/// <param name="RunningBinary">Absolute path of the binary running now (/proc/self/exe).</param>
/// <param name="InstallBinary">Copy the running binary here first and point the units at it.</param>
public sealed record InstallOptions(
    string RunningBinary,
    string User = "decnet",
    string Group = "decnet",
    string? InstallBinary = null,
    bool Force = false,
    bool NoStart = false,
    bool Deinit = false,
    bool Purge = false)
{
    /// <summary>The ExecStart path of every unit.</summary>
    public string ExecPath => InstallBinary ?? RunningBinary;
}
