using System.Text;
using Decnet.Engine.Config;

namespace Decnet.Engine.Installer;

/// <summary>
/// `decnet init`, planned: every step decided from the host's current state before anything changes, so the plan
/// can be printed (--dry-run) and a second run is all SKIP. Order matters: accounts before chown, files before
/// daemon-reload, daemon-reload before enable.
/// </summary>
public sealed class InstallPlanner(InstallLayout layout, InstallHost host)
{
    private IInstallFileSystem Files => host.Files;
    private ISystemState State => host.State;

    /// <summary>Warnings for the operator (e.g. an ExecStart under /tmp), printed before the steps.</summary>
    public static IReadOnlyList<string> Warnings(InstallOptions o)
    {
        var list = new List<string>();
        var exec = o.ExecPath;
        if (exec.StartsWith("/tmp/", StringComparison.Ordinal) || exec.StartsWith("/var/tmp/", StringComparison.Ordinal))
            list.Add($"units will run {exec}, which is under a temporary directory; use --install-binary /usr/local/bin/decnet");
        else if (exec.StartsWith("/home/", StringComparison.Ordinal) || exec.StartsWith("/root/", StringComparison.Ordinal))
            list.Add($"units will run {exec}, which is under a home directory (ProtectHome hides it from the service); use --install-binary /usr/local/bin/decnet");
        return list;
    }

    public async Task<IReadOnlyList<InstallStep>> PlanAsync(InstallOptions o, CancellationToken ct)
    {
        var owner = $"{o.User}:{o.Group}";
        var rootOwner = $"root:{o.Group}";
        var steps = new List<InstallStep>
        {
            await GroupAsync(o, ct).ConfigureAwait(false),
            await UserAsync(o, ct).ConfigureAwait(false),
        };
        if (o.InstallBinary is { } target) steps.Add(Binary(o, target));
        foreach (var (dir, who) in new[]
        {
            (layout.DataDir, owner), (layout.GeoipDir, owner), (layout.EmailgenSpool, owner),
            (layout.LogDir, owner), (layout.ConfigDir, rootOwner),
        })
            steps.Add(await DirectoryAsync(dir, ModeText.Dir0750, who, ct).ConfigureAwait(false));

        steps.Add(await CreateOnceAsync("config " + layout.ConfigFile, layout.ConfigFile, rootOwner, "never overwritten",
            new WriteFileAction(layout.ConfigFile, IniFile.Template(), ModeText.File0640), ct).ConfigureAwait(false));
        steps.Add(await CreateOnceAsync("bus credentials " + layout.BusKeyFile, layout.BusKeyFile, rootOwner, "never regenerated",
            new GenerateBusKeyAction(layout.BusKeyFile), ct).ConfigureAwait(false));

        var unitsChanged = false;
        var tmpfilesChanged = false;
        foreach (var (path, asset, label) in InstallTemplates.Files(layout))
        {
            var step = RenderedFile(label, path, InstallTemplates.Render(asset, layout, o), o.Force);
            steps.Add(step);
            if (step.Needed && InstallLayout.Units.Any(u => layout.UnitPath(u) == path)) unitsChanged = true;
            if (step.Needed && path == layout.TmpfilesFile) tmpfilesChanged = true;
        }

        steps.Add(tmpfilesChanged || !State.RuntimeDirectoryExists(layout.RuntimeDir)
            ? InstallStep.Do("runtime dir " + layout.RuntimeDir, tmpfilesChanged ? "tmpfiles.d changed" : "absent",
                new RunCommandAction(["systemd-tmpfiles", "--create", layout.TmpfilesFile]))
            : InstallStep.Skip("runtime dir " + layout.RuntimeDir, "exists"));
        steps.Add(unitsChanged
            ? InstallStep.Do("systemctl daemon-reload", "units changed", new RunCommandAction(["systemctl", "daemon-reload"]))
            : InstallStep.Skip("systemctl daemon-reload", "units unchanged"));
        steps.Add(await StartAsync(o, unitsChanged, ct).ConfigureAwait(false));
        return steps;
    }

    private async Task<InstallStep> GroupAsync(InstallOptions o, CancellationToken ct)
    {
        var gid = await State.FindGroupAsync(o.Group, ct).ConfigureAwait(false);
        return gid is { } g
            ? InstallStep.Skip("group " + o.Group, $"exists, gid {ModeText.Text(g)}")
            : InstallStep.Do("group " + o.Group, "create system group", new RunCommandAction(["groupadd", "--system", o.Group]));
    }

    private async Task<InstallStep> UserAsync(InstallOptions o, CancellationToken ct)
    {
        var user = await State.FindUserAsync(o.User, ct).ConfigureAwait(false);
        if (user is not null) return InstallStep.Skip("user " + o.User, $"exists, uid {ModeText.Text(user.Id)}");
        return InstallStep.Do("user " + o.User, $"create system user, no login shell, home {layout.DataDir}",
            new RunCommandAction(["useradd", "--system", "--gid", o.Group, "--home-dir", layout.DataDir, "--no-create-home",
                "--shell", layout.NoLoginShell, "--comment", "decnet honeypot master", o.User]));
    }

    private InstallStep Binary(InstallOptions o, string target)
    {
        var name = "binary " + target;
        if (Files.Resolve(target) == o.RunningBinary) return InstallStep.Skip(name, "is the running binary");
        if (Files.SameContent(target, o.RunningBinary))
            return Files.ModeOf(target) == ModeText.File0755
                ? InstallStep.Skip(name, "up to date")
                : InstallStep.Do(name, "mode", new SetModeAction(target, ModeText.File0755));
        return InstallStep.Do(name, Files.FileExists(target) ? "replace" : "install",
            new CopyFileAction(o.RunningBinary, target, ModeText.File0755));
    }

    private async Task<InstallStep> DirectoryAsync(string dir, UnixFileMode mode, string owner, CancellationToken ct)
    {
        var name = $"directory {dir} {ModeText.Octal(mode)} {owner}";
        if (!Files.DirectoryExists(dir))
            return InstallStep.Do(name, "create", new MakeDirectoryAction(dir, mode), Chown(owner, dir));
        return await FixModeAndOwnerAsync(name, dir, mode, owner, "exists", ct).ConfigureAwait(false);
    }

    /// <summary>A file written only when absent (config, credentials); its mode and owner are re-applied every run.</summary>
    private async Task<InstallStep> CreateOnceAsync(string name, string path, string owner, string keptWhy, InstallAction create, CancellationToken ct)
    {
        if (!Files.FileExists(path))
            return InstallStep.Do(name, "create", create, new SetModeAction(path, ModeText.File0640), Chown(owner, path));
        return await FixModeAndOwnerAsync(name, path, ModeText.File0640, owner, "exists, " + keptWhy, ct).ConfigureAwait(false);
    }

    private async Task<InstallStep> FixModeAndOwnerAsync(string name, string path, UnixFileMode mode, string owner, string skipReason, CancellationToken ct)
    {
        var actions = new List<InstallAction>();
        var reasons = new List<string>();
        var current = Files.ModeOf(path);
        if (current != mode)
        {
            actions.Add(new SetModeAction(path, mode));
            reasons.Add($"mode {(current is { } c ? ModeText.Octal(c) : "?")} -> {ModeText.Octal(mode)}");
        }
        var currentOwner = await State.OwnerOfAsync(path, ct).ConfigureAwait(false);
        if (currentOwner != owner)
        {
            actions.Add(Chown(owner, path));
            reasons.Add($"owner {currentOwner ?? "?"} -> {owner}");
        }
        return actions.Count == 0 ? InstallStep.Skip(name, skipReason) : new InstallStep(name, true, string.Join(", ", reasons), actions);
    }

    private InstallStep RenderedFile(string name, string path, string content, bool force)
    {
        var write = new WriteFileAction(path, content, ModeText.File0644);
        if (!Files.FileExists(path)) return InstallStep.Do(name, "create", write);
        if (Files.ReadText(path) != content) return InstallStep.Do(name, "content differs", write);
        if (force) return InstallStep.Do(name, "--force", write);
        return Files.ModeOf(path) == ModeText.File0644
            ? InstallStep.Skip(name, "up to date")
            : InstallStep.Do(name, "mode", new SetModeAction(path, ModeText.File0644));
    }

    private async Task<InstallStep> StartAsync(InstallOptions o, bool unitsChanged, CancellationToken ct)
    {
        const string name = "start " + InstallLayout.Target;
        if (o.NoStart) return InstallStep.Skip(name, "--no-start");
        var state = await State.UnitStateAsync(InstallLayout.Target, ct).ConfigureAwait(false);
        if (state is { Enabled: true, Active: true })
            return unitsChanged
                ? InstallStep.Do(name, "units changed: restart", new RunCommandAction(["systemctl", "restart", InstallLayout.Target]))
                : InstallStep.Skip(name, "enabled and active");
        return InstallStep.Do(name, "enable and start", new RunCommandAction(["systemctl", "enable", "--now", InstallLayout.Target]));
    }

    private static RunCommandAction Chown(string owner, string path) => new(["chown", owner, path]);

    /// <summary>The plan as `--dry-run` prints it; file contents too with <paramref name="verbose"/>.</summary>
    public static string Describe(IReadOnlyList<InstallStep> steps, bool verbose)
    {
        var sb = new StringBuilder();
        foreach (var step in steps)
        {
            sb.Append(step.Needed ? $"[PLAN] {step.Name} ({step.Reason})\n" : $"[SKIP] {step.Name} ({step.Reason})\n");
            foreach (var action in step.Actions)
            {
                sb.Append("         ").Append(action.Describe()).Append('\n');
                if (verbose && action is WriteFileAction w)
                    foreach (var line in w.Content.TrimEnd('\n').Split('\n'))
                        sb.Append("         | ").Append(line).Append('\n');
            }
        }
        return sb.ToString();
    }
}
