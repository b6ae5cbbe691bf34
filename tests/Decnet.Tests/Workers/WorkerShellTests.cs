using Decnet.Engine.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Workers;

public class WorkerShellTests
{
    private sealed class CountingWorker(string name, TimeSpan tick, int failFirst = 0) : Worker
    {
        public int Ticks;
        public int Stops;
        public override string Name => name;
        public override TimeSpan? SlowTick => tick;
        public override Task TickAsync(WorkerContext context, CancellationToken ct)
        {
            if (Interlocked.Increment(ref Ticks) <= failFirst) throw new InvalidOperationException("boom " + Ticks);
            return Task.CompletedTask;
        }
        public override Task StopAsync(WorkerContext context, CancellationToken ct) { Stops++; return Task.CompletedTask; }
    }

    private sealed class BlockingWorker : Worker
    {
        public override string Name => "blocker";
        public override Task TickAsync(WorkerContext context, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);
    }

    private static WorkerShell Shell(Worker w) => new(w, bus: null, TimeProvider.System, NullLogger.Instance, TimeSpan.FromSeconds(60));

    private static async Task Eventually(Func<bool> condition, int ms = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(ms);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
    }

    [Test]
    [Arguments(1, 1)]
    [Arguments(2, 2)]
    [Arguments(3, 4)]
    [Arguments(5, 16)]
    [Arguments(6, 30)]
    [Arguments(50, 30)]
    public async Task BackoffDoublesFromOneSecondUpToThirty(int failures, int seconds)
    {
        await Assert.That(WorkerShell.Backoff(failures)).IsEqualTo(TimeSpan.FromSeconds(seconds));
    }

    [Test]
    public async Task IdleModeStillTicksOnTheSlowTick()
    {
        var w = new CountingWorker("idle", TimeSpan.FromMilliseconds(20));
        var shell = Shell(w);
        shell.Start();
        await Eventually(() => w.Ticks >= 5);
        await shell.StopAsync();
        await Assert.That(w.Ticks).IsGreaterThanOrEqualTo(5);
        await Assert.That(w.Stops).IsEqualTo(1);
        await Assert.That(shell.Status().State).IsEqualTo(WorkerState.Stopped);
    }

    [Test]
    public async Task AFailingTickIsRetriedAfterBackoffAndCounted()
    {
        var w = new CountingWorker("flaky", TimeSpan.FromMilliseconds(20), failFirst: 1);
        var shell = Shell(w);
        shell.Start();
        await Eventually(() => shell.Status().Errors == 1);
        await Assert.That(shell.Status().State).IsEqualTo(WorkerState.BackingOff);
        await Assert.That(shell.Status().LastError).IsEqualTo("boom 1");
        await Eventually(() => w.Ticks >= 3, 4000); // after the 1 s back-off it runs again
        await shell.StopAsync();
        await Assert.That(w.Ticks).IsGreaterThanOrEqualTo(3);
        await Assert.That(shell.Status().Errors).IsEqualTo(1);
    }

    [Test]
    public async Task PauseSkipsTicksAndResumeRestarts()
    {
        var w = new CountingWorker("p", TimeSpan.FromMilliseconds(10));
        var shell = Shell(w);
        shell.Start();
        await Eventually(() => w.Ticks >= 2);
        shell.Apply(WorkerAction.Pause);
        await Task.Delay(50);
        var paused = w.Ticks;
        await Task.Delay(200);
        await Assert.That(w.Ticks).IsEqualTo(paused);
        await Assert.That(shell.Status().State).IsEqualTo(WorkerState.Paused);
        shell.Apply(WorkerAction.Resume);
        await Eventually(() => w.Ticks > paused + 2);
        await Assert.That(w.Ticks).IsGreaterThan(paused + 2);
        await shell.StopAsync();
    }

    [Test]
    public async Task WakeRunsATickBeforeTheSlowTick()
    {
        var w = new CountingWorker("w", TimeSpan.FromMinutes(10));
        var shell = Shell(w);
        shell.Start();
        await Eventually(() => w.Ticks == 1);
        shell.Apply(WorkerAction.Tick);
        await Eventually(() => w.Ticks == 2, 2000);
        await Assert.That(w.Ticks).IsEqualTo(2);
        await shell.StopAsync();
    }

    [Test]
    public async Task StopCancelsARunningTickWithinASecond()
    {
        var shell = Shell(new BlockingWorker());
        shell.Start();
        await Task.Delay(100);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await shell.StopAsync();
        await Assert.That(sw.Elapsed).IsLessThan(TimeSpan.FromSeconds(1));
        await Assert.That(shell.Status().State).IsEqualTo(WorkerState.Stopped);
    }

    [Test]
    public async Task StoppingOneWorkerLeavesTheOthersRunning()
    {
        var a = new CountingWorker("a", TimeSpan.FromMilliseconds(10));
        var b = new CountingWorker("b", TimeSpan.FromMilliseconds(10));
        var sup = new WorkerSupervisor([a, b], bus: null, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.FromSeconds(60));
        sup.StartAll();
        await Eventually(() => a.Ticks > 1 && b.Ticks > 1);
        await Assert.That(sup.TryApply("a", WorkerAction.Stop)).IsTrue();
        await Eventually(() => sup.Snapshot()[0].State == WorkerState.Stopped);
        var bBefore = b.Ticks;
        await Task.Delay(100);
        await Assert.That(b.Ticks).IsGreaterThan(bBefore);
        await Assert.That(sup.Snapshot()[1].State).IsEqualTo(WorkerState.Running);
        await Assert.That(sup.TryApply("nope", WorkerAction.Stop)).IsFalse();
        await sup.StopAllAsync();
    }

    [Test]
    [Arguments("""{"action":"pause"}""", true, WorkerAction.Pause)]
    [Arguments("""{"action":"STOP"}""", true, WorkerAction.Stop)]
    [Arguments("""{"action":"explode"}""", false, WorkerAction.Stop)]
    [Arguments("""not json""", false, WorkerAction.Stop)]
    public async Task ControlPayloadParsing(string json, bool ok, WorkerAction expected)
    {
        var parsed = WorkerShell.TryReadAction(System.Text.Encoding.UTF8.GetBytes(json), out var action);
        await Assert.That(parsed).IsEqualTo(ok);
        if (ok) await Assert.That(action).IsEqualTo(expected);
    }

    [Test]
    public async Task HealthIsOkThenStaleThenUnknown()
    {
        var now = DateTimeOffset.UtcNow;
        await Assert.That(WorkerStatus.Health(now.AddSeconds(-10), now)).IsEqualTo("ok");
        await Assert.That(WorkerStatus.Health(now.AddSeconds(-91), now)).IsEqualTo("stale");
        await Assert.That(WorkerStatus.Health(null, now)).IsEqualTo("unknown");
    }
}
