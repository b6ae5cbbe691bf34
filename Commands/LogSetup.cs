using Decnet.Engine.Ingest;
using Decnet.Engine.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Decnet.Commands;

/// <summary>Console logging on stderr (stdout is for command output); text or JSON for journald/ELK.</summary>
public static class LogSetup
{
    public static ILoggerFactory Create(CliContext ctx)
    {
        var level = ParseLevel(ctx.LogLevelFlag ?? ctx.Settings.Get(SettingCatalog.LogLevel));
        var json = string.Equals(ctx.LogFormatFlag ?? ctx.Settings.Get(SettingCatalog.LogFormat), "json", StringComparison.OrdinalIgnoreCase);
        return LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(level);
            b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            if (json)
                b.AddJsonConsole(o => { o.TimestampFormat = IsoTimestamp.OutputFormat; o.UseUtcTimestamp = true; });
            else
                b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = IsoTimestamp.OutputFormat + " "; o.UseUtcTimestamp = true; });
        });
    }

    public static LogLevel ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => LogLevel.Information,
    };
}
