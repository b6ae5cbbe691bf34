using System.CommandLine;

namespace Decnet.Commands;

/// <summary>Options every command accepts (recursive on the root).</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> DataDir = new("--data-dir") { Description = "data directory (default: $DECNET_DATA_DIR, /var/lib/decnet when writable, else ~/.local/share/decnet)", Recursive = true };
    public static readonly Option<string?> Config = new("--config") { Description = "config file (default: $DECNET_CONFIG, else /etc/decnet/decnet.ini)", Recursive = true };
    public static readonly Option<string?> LogLevel = new("--log-level") { Description = "trace|debug|information|warning|error", Recursive = true };
    public static readonly Option<string?> LogFormat = new("--log-format") { Description = "text|json", Recursive = true };

    static GlobalOptions()
    {
        LogLevel.AcceptOnlyFromAmong("trace", "debug", "information", "info", "warning", "error", "critical", "none");
        LogFormat.AcceptOnlyFromAmong("text", "json");
    }

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(DataDir);
        root.Options.Add(Config);
        root.Options.Add(LogLevel);
        root.Options.Add(LogFormat);
    }

    /// <summary>Finds --config in raw arguments before parsing: the mode (from the config) decides which commands exist.</summary>
    public static string? PrescanConfig(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Count) return args[i + 1];
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) return args[i]["--config=".Length..];
        }
        return null;
    }
}
