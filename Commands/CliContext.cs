using System.CommandLine;
using Decnet.Engine.Config;
using Decnet.Engine.Supervisor;
using Microsoft.Extensions.Logging;

namespace Decnet.Commands;

/// <summary>Everything a command handler needs for one invocation: settings, streams, time, logs, and the live
/// supervisor when the invocation was forwarded to it over the control channel.</summary>
public sealed class CliContext
{
    private ILoggerFactory? _logs;

    public required DecnetSettings Settings { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    public required Func<Stream> OpenStdin { get; init; }
    public required TimeProvider Time { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    /// <summary>Set when this invocation runs inside `decnet supervise` (forwarded by another process).</summary>
    public SupervisorRuntime? Supervisor { get; init; }
    public string? LogLevelFlag { get; init; }
    public string? LogFormatFlag { get; init; }

    public ILoggerFactory Logs => _logs ??= LogSetup.Create(this);

    /// <summary>Disposing the factory flushes the console logger's queue.</summary>
    internal void DisposeLogs()
    {
        _logs?.Dispose();
        _logs = null;
    }

    /// <summary>Prints a one-line error (DESIGN.md §8) and returns the exit code.</summary>
    public int Fail(int exitCode, string message)
    {
        Err.WriteLine("decnet: " + message);
        return exitCode;
    }

    public bool DebugLogging => string.Equals(LogLevelFlag ?? Settings.Get(SettingCatalog.LogLevel), "debug", StringComparison.OrdinalIgnoreCase)
                             || string.Equals(LogLevelFlag ?? Settings.Get(SettingCatalog.LogLevel), "trace", StringComparison.OrdinalIgnoreCase);
}
