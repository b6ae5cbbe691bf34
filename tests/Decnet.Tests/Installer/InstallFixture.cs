using Decnet.Engine.Installer;

namespace Decnet.Tests.Installer;

/// <summary>A throwaway --root tree with a recording command runner: what `init` does there, without root.</summary>
public sealed class InstallFixture : IDisposable
{
    public InstallFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "decnet-init-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Host = InstallHost.InMemoryRecording(Root, out var recorder);
        Recorder = recorder;
        // Any existing file will do as "the running binary" for ExecStart and --install-binary.
        RunningBinary = Path.Combine(Root, "..", "decnet-init-bin-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(RunningBinary, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(RunningBinary, ModeText.File0755);
        RunningBinary = Path.GetFullPath(RunningBinary);
    }

    public string Root { get; }
    public string RunningBinary { get; }
    public InstallHost Host { get; }
    public RecordingCommandRunner Recorder { get; }
    public InstallLayout Layout { get; } = new();

    public InstallOptions Options(bool force = false, bool noStart = false, bool deinit = false, bool purge = false, string? installBinary = null) =>
        new(RunningBinary, "decnet", "decnet", installBinary, force, noStart, deinit, purge);

    /// <summary>Plans and runs; returns the results and the commands this run issued.</summary>
    public async Task<(IReadOnlyList<StepResult> Results, IReadOnlyList<string> Commands)> RunAsync(InstallOptions options)
    {
        var before = Recorder.Commands.Count;
        var run = await InstallRun.PlanAsync(Layout, Host, options, CancellationToken.None);
        var results = await run.ExecuteAsync(_ => { }, CancellationToken.None);
        return (results, Recorder.Commands.Skip(before).Select(ShellQuote.Join).ToArray());
    }

    public string Under(string hostPath) => Host.Files.Resolve(hostPath);

    public string ModeOf(string hostPath) => ModeText.Octal(File.GetUnixFileMode(Under(hostPath)));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        try { File.Delete(RunningBinary); } catch (IOException) { }
    }
}
