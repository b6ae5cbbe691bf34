namespace Decnet.Engine.Installer;

/// <summary>
/// The host under --root: accounts from the root's etc/passwd and etc/group plus recorded useradd/groupadd/userdel/
/// groupdel; owners from recorded chown (an unrecorded existing path counts as root:root, as if root had made it);
/// unit states from recorded systemctl enable/disable/start/stop.
/// </summary>
public sealed class RecordedSystemState(IInstallFileSystem files, RecordingCommandRunner recorder) : ISystemState
{
    public Task<AccountEntry?> FindUserAsync(string name, CancellationToken ct)
    {
        AccountEntry? user = files.FileExists("/etc/passwd") ? AccountFiles.FindUser(files.ReadText("/etc/passwd"), name) : null;
        var nextId = 999;
        foreach (var argv in recorder.History())
        {
            if (argv.Count < 2 || argv[^1] != name) continue;
            if (argv[0] == "useradd")
                user = new AccountEntry(name, nextId--, 0, ValueOf(argv, "--home-dir") ?? "/", ValueOf(argv, "--shell") ?? "/bin/sh");
            else if (argv[0] == "userdel") user = null;
        }
        return Task.FromResult(user);
    }

    public Task<int?> FindGroupAsync(string name, CancellationToken ct)
    {
        int? gid = files.FileExists("/etc/group") ? AccountFiles.FindGroup(files.ReadText("/etc/group"), name) : null;
        foreach (var argv in recorder.History())
        {
            if (argv.Count < 2 || argv[^1] != name) continue;
            if (argv[0] == "groupadd") gid = 999;
            else if (argv[0] == "groupdel") gid = null;
        }
        return Task.FromResult(gid);
    }

    public Task<string?> OwnerOfAsync(string path, CancellationToken ct)
    {
        if (!files.FileExists(path) && !files.DirectoryExists(path)) return Task.FromResult<string?>(null);
        var owner = "root:root";
        foreach (var argv in recorder.History())
            if (argv.Count == 3 && argv[0] == "chown" && argv[2] == path) owner = argv[1];
        return Task.FromResult<string?>(owner);
    }

    public Task<UnitState> UnitStateAsync(string unit, CancellationToken ct)
    {
        var state = new UnitState(false, false);
        foreach (var argv in recorder.History())
        {
            if (argv.Count < 3 || argv[0] != "systemctl" || !argv.Skip(2).Contains(unit)) continue;
            var now = argv.Contains("--now");
            state = argv[1] switch
            {
                "enable" => new UnitState(true, state.Active || now),
                "disable" => new UnitState(false, state.Active && !now),
                "start" or "restart" => state with { Active = true },
                "stop" => state with { Active = false },
                _ => state,
            };
        }
        return Task.FromResult(state);
    }

    public bool RuntimeDirectoryExists(string path) =>
        files.DirectoryExists(path) || recorder.History().Any(a => a.Count >= 2 && a[0] == "systemd-tmpfiles" && a.Contains("--create"));

    private static string? ValueOf(IReadOnlyList<string> argv, string flag)
    {
        for (var i = 0; i < argv.Count - 1; i++) if (argv[i] == flag) return argv[i + 1];
        return null;
    }
}
