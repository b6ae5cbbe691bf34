namespace Decnet.Engine.Installer;

/// <summary>One primitive change a step makes. Paths are host paths; the file system maps them under --root.</summary>
public abstract record InstallAction
{
    /// <summary>How the plan shows it (`--dry-run`).</summary>
    public abstract string Describe();
}

public sealed record MakeDirectoryAction(string Path, UnixFileMode Mode) : InstallAction
{
    public override string Describe() => $"mkdir -m {ModeText.Octal(Mode)} {Path}";
}

public sealed record SetModeAction(string Path, UnixFileMode Mode) : InstallAction
{
    public override string Describe() => $"chmod {ModeText.Octal(Mode)} {Path}";
}

/// <summary>Atomic write (temp file + rename) with the mode set before the rename.</summary>
public sealed record WriteFileAction(string Path, string Content, UnixFileMode Mode) : InstallAction
{
    public override string Describe() => $"write {Path} ({ModeText.Octal(Mode)}, {System.Text.Encoding.UTF8.GetByteCount(Content)} bytes)";
}

/// <summary>Atomic copy of a file from the host (not under --root) to a host path.</summary>
public sealed record CopyFileAction(string Source, string Path, UnixFileMode Mode) : InstallAction
{
    public override string Describe() => $"install -m {ModeText.Octal(Mode)} {Source} {Path}";
}

/// <summary>A fresh bus/control CURVE key pair, written only when the file is absent.</summary>
public sealed record GenerateBusKeyAction(string Path) : InstallAction
{
    public override string Describe() => $"generate CURVE key pair {Path} (0640)";
}

public sealed record DeleteAction(string Path, bool Recursive) : InstallAction
{
    public override string Describe() => Recursive ? $"rm -r {Path}" : $"rm {Path}";
}

/// <summary>A command: run on a real host, recorded under --root.</summary>
public sealed record RunCommandAction(IReadOnlyList<string> Argv) : InstallAction
{
    /// <summary>Exit codes besides 0 that still mean "done" (e.g. groupdel of a group already gone).</summary>
    public IReadOnlyList<int> AcceptedExitCodes { get; init; } = [];

    public override string Describe() => ShellQuote.Join(Argv);
}
