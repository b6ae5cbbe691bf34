namespace Decnet.Engine.Config;

/// <summary>
/// Resolved settings for one invocation. Precedence: command-line flag &gt; environment &gt;
/// decnet.ini (<c>--config</c>, else $DECNET_CONFIG, else /etc/decnet/decnet.ini) &gt; default.
/// </summary>
public sealed class DecnetSettings
{
    public const string SystemConfigPath = "/etc/decnet/decnet.ini";
    private readonly IReadOnlyDictionary<string, string> _env;
    private readonly IReadOnlyDictionary<string, string> _ini;
    private readonly IReadOnlyDictionary<string, string> _flags;

    private DecnetSettings(IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string> ini,
        IReadOnlyDictionary<string, string> flags, string? configPath)
    {
        _env = env; _ini = ini; _flags = flags; ConfigPath = configPath;
    }

    /// <summary>The INI file that was read, or null when none exists.</summary>
    public string? ConfigPath { get; }

    /// <summary>Loads settings; throws <see cref="IniFormatException"/> for a malformed or missing explicit config file.</summary>
    public static DecnetSettings Load(IReadOnlyDictionary<string, string> environment, string? configFlag = null,
        IReadOnlyDictionary<string, string>? flags = null)
    {
        var explicitPath = configFlag ?? environment.GetValueOrDefault("DECNET_CONFIG");
        var path = string.IsNullOrEmpty(explicitPath) ? SystemConfigPath : explicitPath;
        IReadOnlyDictionary<string, string> ini = new Dictionary<string, string>();
        string? used = null;
        if (File.Exists(path))
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable system file (not in the decnet group) is not fatal for agent-safe commands.
                if (!string.IsNullOrEmpty(explicitPath)) throw new IniFormatException($"{path}: cannot read: {e.Message}");
                text = "";
            }
            ini = IniFile.Parse(text, path);
            used = path;
        }
        else if (!string.IsNullOrEmpty(explicitPath))
        {
            throw new IniFormatException($"{path}: config file not found");
        }
        return new DecnetSettings(environment, ini, flags ?? new Dictionary<string, string>(), used);
    }

    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            d[(string)e.Key] = (string?)e.Value ?? "";
        return d;
    }

    public string Get(string envName)
    {
        if (_flags.TryGetValue(envName, out var f) && !string.IsNullOrEmpty(f)) return f;
        if (_env.TryGetValue(envName, out var e) && !string.IsNullOrEmpty(e)) return e;
        if (_ini.TryGetValue(envName, out var i) && !string.IsNullOrEmpty(i)) return i;
        return SettingCatalog.All.First(s => s.EnvName == envName).Default;
    }

    /// <summary>Where a setting's value came from: flag, env, ini or default (shown by <c>decnet status</c>).</summary>
    public string SourceOf(string envName) =>
        _flags.ContainsKey(envName) ? "flag" : _env.ContainsKey(envName) && _env[envName].Length > 0 ? "env"
        : _ini.ContainsKey(envName) ? "ini" : "default";

    public DecnetMode Mode => Get(SettingCatalog.Mode).Trim().ToLowerInvariant() switch
    {
        "agent" => DecnetMode.Agent,
        "master" or "" => DecnetMode.Master,
        var other => throw new IniFormatException($"DECNET_MODE: unknown mode '{other}' (expected master or agent)"),
    };

    public string DataDir => DataDirResolver.Resolve(Get(SettingCatalog.DataDir), _env);

    public string BusKeyFile
    {
        get
        {
            var v = Get(SettingCatalog.BusKeyFile);
            return string.IsNullOrEmpty(v) ? Path.Combine(DataDir, "bus.key") : v;
        }
    }

    public bool GeoipEnabled => Get(SettingCatalog.GeoipEnabled).Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" => false,
        var other => throw new IniFormatException($"{SettingCatalog.GeoipEnabled}: expected true or false, got '{other}'"),
    };

    public string GeoipDir
    {
        get
        {
            var v = Get(SettingCatalog.GeoipDir);
            return string.IsNullOrEmpty(v) ? Path.Combine(DataDir, "geoip") : Path.GetFullPath(v);
        }
    }

    public TimeSpan WorkerTick =>
        int.TryParse(Get(SettingCatalog.WorkerTick), out var s) && s > 0 ? TimeSpan.FromSeconds(s)
        : throw new IniFormatException($"{SettingCatalog.WorkerTick}: expected a positive number of seconds");

    public int EventQueueCapacity =>
        int.TryParse(Get(SettingCatalog.EventQueueCapacity), out var n) && n > 0 ? n
        : throw new IniFormatException($"{SettingCatalog.EventQueueCapacity}: expected a positive number");
}
