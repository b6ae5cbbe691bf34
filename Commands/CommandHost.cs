using System.CommandLine;
using Decnet.Engine.Config;
using Decnet.Engine.Supervisor;

namespace Decnet.Commands;

/// <summary>The process-level surroundings of a command tree: environment, streams, time, raw arguments, and
/// the supervisor runtime when the tree runs inside `decnet supervise` on behalf of another process.</summary>
public sealed class CommandHost
{
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required TextWriter Output { get; init; }
    public required TextWriter Error { get; init; }
    public required Func<Stream> OpenStdin { get; init; }
    public required TimeProvider Time { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public SupervisorRuntime? Supervisor { get; init; }
    /// <summary>Whether this process runs as root (`init` refuses otherwise); tests inject false.</summary>
    public Func<bool> IsRoot { get; init; } = () => PosixAccess.IsRoot;

    public static CommandHost ForProcess(string[] args) => new()
    {
        Environment = DecnetSettings.ProcessEnvironment(),
        Output = Console.Out,
        Error = Console.Error,
        OpenStdin = Console.OpenStandardInput,
        Time = TimeProvider.System,
        Args = args,
    };

    /// <summary>Settings for tree construction (mode gating), before any parsing.</summary>
    public DecnetSettings PreParseSettings() => DecnetSettings.Load(Environment, GlobalOptions.PrescanConfig(Args));

    public CliContext ContextFor(ParseResult parseResult)
    {
        var flags = new Dictionary<string, string>();
        var dataDir = parseResult.GetValue(GlobalOptions.DataDir);
        if (!string.IsNullOrEmpty(dataDir)) flags[SettingCatalog.DataDir] = dataDir;
        var settings = DecnetSettings.Load(Environment, parseResult.GetValue(GlobalOptions.Config), flags);
        var context = new CliContext
        {
            Settings = settings,
            Out = Output,
            Err = Error,
            OpenStdin = OpenStdin,
            Time = Time,
            Environment = Environment,
            Supervisor = Supervisor,
            LogLevelFlag = parseResult.GetValue(GlobalOptions.LogLevel),
            LogFormatFlag = parseResult.GetValue(GlobalOptions.LogFormat),
        };
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    private readonly List<CliContext> _contexts = [];

    /// <summary>Flushes and closes the contexts' loggers (after the command has run).</summary>
    public void DisposeContexts()
    {
        lock (_contexts)
        {
            foreach (var c in _contexts) c.DisposeLogs();
            _contexts.Clear();
        }
    }
}
