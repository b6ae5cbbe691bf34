using Decnet.Bus;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Workers;

/// <summary>Runs a set of workers in one process; stopping one never stops the others.</summary>
public sealed class WorkerSupervisor
{
    private readonly List<WorkerShell> _shells = [];

    public WorkerSupervisor(IEnumerable<Worker> workers, IBus? bus, TimeProvider time, ILoggerFactory logs, TimeSpan slowTick)
    {
        foreach (var w in workers)
            _shells.Add(new WorkerShell(w, bus, time, logs.CreateLogger("decnet.worker." + w.Name), slowTick));
    }

    public IReadOnlyList<string> Names => _shells.Select(s => s.Name).ToArray();

    public void StartAll()
    {
        foreach (var s in _shells) s.Start();
    }

    public IReadOnlyList<WorkerStatus> Snapshot() => _shells.Select(s => s.Status()).ToArray();

    public bool TryApply(string name, WorkerAction action)
    {
        var shell = _shells.FirstOrDefault(s => s.Name == name);
        if (shell is null) return false;
        shell.Apply(action);
        return true;
    }

    public WorkerShell? Find(string name) => _shells.FirstOrDefault(s => s.Name == name);

    /// <summary>Stops in reverse start order, so producers (listener) stop before their consumers (profiler) drain.</summary>
    public async Task StopAllAsync()
    {
        for (var i = _shells.Count - 1; i >= 0; i--)
            await _shells[i].StopAsync().ConfigureAwait(false);
    }
}
