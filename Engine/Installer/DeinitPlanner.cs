namespace Decnet.Engine.Installer;

/// <summary>
/// `decnet init --deinit [--purge]`, planned: stop and disable, remove units, polkit, tmpfiles and logrotate files,
/// daemon-reload. Data, config, credentials and the account stay unless --purge. A second run is all SKIP.
/// </summary>
public sealed class DeinitPlanner(InstallLayout layout, InstallHost host)
{
    /// <summary>groupdel's "group does not exist": userdel may already have removed the user's own group.</summary>
    public const int GroupdelNoSuchGroup = 6;

    public async Task<IReadOnlyList<InstallStep>> PlanAsync(InstallOptions o, CancellationToken ct)
    {
        var steps = new List<InstallStep>();
        var installedUnits = InstallLayout.Units.Where(u => host.Files.FileExists(layout.UnitPath(u))).ToArray();
        var state = await host.State.UnitStateAsync(InstallLayout.Target, ct).ConfigureAwait(false);
        steps.Add(installedUnits.Length > 0 || state.Enabled || state.Active
            ? InstallStep.Do("stop and disable " + InstallLayout.Target, "installed",
                new RunCommandAction(["systemctl", "disable", "--now", .. installedUnits.Length > 0 ? installedUnits : [InstallLayout.Target]]))
            : InstallStep.Skip("stop and disable " + InstallLayout.Target, "not installed"));

        foreach (var (path, _, label) in InstallTemplates.Files(layout))
            steps.Add(host.Files.FileExists(path)
                ? InstallStep.Do("remove " + label, "present", new DeleteAction(path, Recursive: false))
                : InstallStep.Skip("remove " + label, "absent"));
        steps.Add(installedUnits.Length > 0
            ? InstallStep.Do("systemctl daemon-reload", "units removed", new RunCommandAction(["systemctl", "daemon-reload"]))
            : InstallStep.Skip("systemctl daemon-reload", "no units removed"));

        var trees = new[] { ("data", layout.DataDir), ("logs", layout.LogDir), ("config", layout.ConfigDir), ("runtime dir", layout.RuntimeDir) };
        if (!o.Purge)
        {
            foreach (var (what, dir) in trees)
                steps.Add(InstallStep.Skip($"{what} {dir}", "kept; --purge removes it"));
            steps.Add(InstallStep.Skip($"user {o.User} and group {o.Group}", "kept; --purge removes them"));
            return steps;
        }
        foreach (var (what, dir) in trees)
            steps.Add(host.Files.DirectoryExists(dir)
                ? InstallStep.Do($"{what} {dir}", "--purge", new DeleteAction(dir, Recursive: true))
                : InstallStep.Skip($"{what} {dir}", "absent"));
        if (o.InstallBinary is { } binary)
            steps.Add(host.Files.FileExists(binary)
                ? InstallStep.Do("binary " + binary, "--purge", new DeleteAction(binary, Recursive: false))
                : InstallStep.Skip("binary " + binary, "absent"));
        steps.Add(await host.State.FindUserAsync(o.User, ct).ConfigureAwait(false) is not null
            ? InstallStep.Do("user " + o.User, "--purge", new RunCommandAction(["userdel", o.User]))
            : InstallStep.Skip("user " + o.User, "absent"));
        steps.Add(await host.State.FindGroupAsync(o.Group, ct).ConfigureAwait(false) is not null
            ? InstallStep.Do("group " + o.Group, "--purge", new RunCommandAction(["groupdel", o.Group]) { AcceptedExitCodes = [GroupdelNoSuchGroup] })
            : InstallStep.Skip("group " + o.Group, "absent"));
        return steps;
    }
}
