namespace Decnet.Engine.Installer;

public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first line of what the command said, for a one-line [FAIL] reason.</summary>
    public string Summary
    {
        get
        {
            var text = (Stderr.Length > 0 ? Stderr : Stdout).Trim();
            var nl = text.IndexOf('\n');
            return nl < 0 ? text : text[..nl];
        }
    }
}

/// <summary>Runs the commands that change the host (useradd, chown, systemctl, ...). Real on a host, recorded under --root.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken ct);
}
