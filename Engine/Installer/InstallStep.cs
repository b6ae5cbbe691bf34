namespace Decnet.Engine.Installer;

/// <summary>One planned step: what it is, whether it has anything to do (and why), and the actions that do it.</summary>
public sealed record InstallStep(string Name, bool Needed, string Reason, IReadOnlyList<InstallAction> Actions)
{
    public static InstallStep Skip(string name, string reason) => new(name, false, reason, []);

    public static InstallStep Do(string name, string reason, params InstallAction[] actions) => new(name, true, reason, actions);
}

public enum StepStatus { Ok, Skip, Fail }

/// <summary>How a step ended, printed as `[ OK ] name`, `[SKIP] name (reason)` or `[FAIL] name (reason)`.</summary>
public sealed record StepResult(string Name, StepStatus Status, string Reason)
{
    public string Line => Status switch
    {
        StepStatus.Ok => $"[ OK ] {Name}" + (Reason.Length > 0 ? $" ({Reason})" : ""),
        StepStatus.Skip => $"[SKIP] {Name} ({Reason})",
        _ => $"[FAIL] {Name} ({Reason})",
    };
}
