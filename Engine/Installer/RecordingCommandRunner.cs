namespace Decnet.Engine.Installer;

/// <summary>
/// Records commands instead of running them (--root, tests). With a log file, every successful command is appended
/// as one sh-quoted line, so an image builder can replay it (`chroot DIR sh /decnet-init.commands`) and a later run
/// under the same root knows what was already done.
/// </summary>
public sealed class RecordingCommandRunner(string? logPath = null) : ICommandRunner
{
    public const string LogFileName = "decnet-init.commands";
    private readonly List<IReadOnlyList<string>> _commands = [];
    private readonly Lock _lock = new();

    /// <summary>Answers a command instead of the default success (tests inject failures here).</summary>
    public Func<IReadOnlyList<string>, CommandResult?>? Respond { get; set; }

    public string? LogPath => logPath;

    /// <summary>Every command of this run, in order (failed ones included).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Commands { get { lock (_lock) return _commands.ToArray(); } }

    public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var result = Respond?.Invoke(argv) ?? new CommandResult(0, "", "");
        lock (_lock)
        {
            _commands.Add(argv.ToArray());
            if (result.Succeeded && logPath is not null) File.AppendAllText(logPath, ShellQuote.Join(argv) + "\n");
        }
        return Task.FromResult(result);
    }

    /// <summary>Every successful command recorded under this root so far, this run's included.</summary>
    public IReadOnlyList<IReadOnlyList<string>> History()
    {
        lock (_lock)
        {
            if (logPath is not null)
                return File.Exists(logPath) ? File.ReadAllLines(logPath).Where(l => l.Length > 0).Select(ShellQuote.Split).ToArray() : [];
            return _commands.ToArray();
        }
    }
}
