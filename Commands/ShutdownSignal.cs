using System.Runtime.InteropServices;

namespace Decnet.Commands;

/// <summary>Completes on SIGTERM or SIGINT (systemd stop, Ctrl-C) so long-running commands shut down cleanly.</summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;

    public ShutdownSignal()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public Task Signalled => _signalled.Task;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // we exit ourselves, after flushing
        _signalled.TrySetResult();
    }

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
    }
}
