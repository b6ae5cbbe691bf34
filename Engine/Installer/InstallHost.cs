namespace Decnet.Engine.Installer;

/// <summary>What the installer acts on: files, commands, and the state it plans from.</summary>
public sealed record InstallHost(IInstallFileSystem Files, ICommandRunner Commands, ISystemState State)
{
    /// <summary>The real host: files at /, commands run, state from getent/stat/systemctl.</summary>
    public static InstallHost Live()
    {
        var runner = new ProcessCommandRunner();
        return new InstallHost(new RootedFileSystem("/"), runner, new LiveSystemState(runner));
    }

    /// <summary>--root DIR: files below DIR, commands recorded in DIR/decnet-init.commands.</summary>
    public static InstallHost UnderRoot(string root, out RecordingCommandRunner recorder)
    {
        var files = new RootedFileSystem(root);
        recorder = new RecordingCommandRunner(Path.Combine(files.Root, RecordingCommandRunner.LogFileName));
        return new InstallHost(files, recorder, new RecordedSystemState(files, recorder));
    }

    /// <summary>Tests: files below DIR, commands only kept in memory.</summary>
    public static InstallHost InMemoryRecording(string root, out RecordingCommandRunner recorder)
    {
        var files = new RootedFileSystem(root);
        recorder = new RecordingCommandRunner();
        return new InstallHost(files, recorder, new RecordedSystemState(files, recorder));
    }
}
