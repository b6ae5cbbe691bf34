namespace Decnet.Engine.Installer;

/// <summary>The real host: getent (so NSS accounts count), stat, systemctl is-enabled/is-active.</summary>
public sealed class LiveSystemState(ICommandRunner queries) : ISystemState
{
    public async Task<AccountEntry?> FindUserAsync(string name, CancellationToken ct)
    {
        var r = await queries.RunAsync(["getent", "passwd", name], ct).ConfigureAwait(false);
        return r.Succeeded ? AccountFiles.ParsePasswdLine(r.Stdout.Trim()) : null;
    }

    public async Task<int?> FindGroupAsync(string name, CancellationToken ct)
    {
        var r = await queries.RunAsync(["getent", "group", name], ct).ConfigureAwait(false);
        return r.Succeeded ? AccountFiles.ParseGroupLine(r.Stdout.Trim())?.Id : null;
    }

    public async Task<string?> OwnerOfAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return null;
        var r = await queries.RunAsync(["stat", "-c", "%U:%G", path], ct).ConfigureAwait(false);
        return r.Succeeded ? r.Stdout.Trim() : null;
    }

    public async Task<UnitState> UnitStateAsync(string unit, CancellationToken ct)
    {
        // Without a running systemd both fail, and the unit counts as neither enabled nor active.
        var enabled = await queries.RunAsync(["systemctl", "is-enabled", unit], ct).ConfigureAwait(false);
        var active = await queries.RunAsync(["systemctl", "is-active", unit], ct).ConfigureAwait(false);
        return new UnitState(enabled.Stdout.Trim() == "enabled", active.Stdout.Trim() == "active");
    }

    public bool RuntimeDirectoryExists(string path) => Directory.Exists(path);
}
