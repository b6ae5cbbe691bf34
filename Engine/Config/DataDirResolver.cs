namespace Decnet.Engine.Config;

/// <summary>
/// Data dir: explicit setting, else /var/lib/decnet when writable (an installed host) or when this user may enter it
/// and a supervisor runs there (a decnet group member: its commands go to the supervisor), else
/// $XDG_DATA_HOME/decnet or ~/.local/share/decnet, so a newcomer without root gets a working default.
/// </summary>
public static class DataDirResolver
{
    public const string SystemDataDir = "/var/lib/decnet";

    public static string Resolve(string configured, IReadOnlyDictionary<string, string> env)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        if (IsWritableDir(SystemDataDir) || (!Directory.Exists(SystemDataDir) && IsWritableDir("/var/lib") && PosixAccess.IsRoot))
            return SystemDataDir;
        if (PosixAccess.CanEnter(SystemDataDir) && File.Exists(Path.Combine(SystemDataDir, Supervisor.SupervisorInfo.FileName)))
            return SystemDataDir;
        var xdg = env.GetValueOrDefault("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "decnet");
        var home = env.GetValueOrDefault("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "decnet");
    }

    private static bool IsWritableDir(string path) => Directory.Exists(path) && PosixAccess.CanWrite(path);
}
