namespace Decnet.Engine.Installer;

/// <summary>A system account as getent shows it.</summary>
public sealed record AccountEntry(string Name, int Id, int GroupId, string Home, string Shell);

/// <summary>systemd's view of one unit: enabled (will start at boot) and active (running now).</summary>
public readonly record struct UnitState(bool Enabled, bool Active);

/// <summary>
/// The read side of a host the planner decides from: accounts, file owners, unit states. Live on a host; under
/// --root derived from the root's passwd/group files and the commands recorded so far, so a second run skips.
/// </summary>
public interface ISystemState
{
    Task<AccountEntry?> FindUserAsync(string name, CancellationToken ct);
    Task<int?> FindGroupAsync(string name, CancellationToken ct);
    /// <summary>"user:group" of a host path, or null when it does not exist.</summary>
    Task<string?> OwnerOfAsync(string path, CancellationToken ct);
    Task<UnitState> UnitStateAsync(string unit, CancellationToken ct);
    /// <summary>Whether systemd-tmpfiles has created the runtime dir (recorded, not run, under --root).</summary>
    bool RuntimeDirectoryExists(string path);
}
