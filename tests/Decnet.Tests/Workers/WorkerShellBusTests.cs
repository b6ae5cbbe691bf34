using System.Text;
using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Workers;

/// <summary>The shell on a real (in-process) bus: heartbeat on system.&lt;name&gt;.health, control on system.&lt;name&gt;.control, wake topics.</summary>
public class WorkerShellBusTests
{
    private sealed class Counting(string name, IReadOnlyList<string> wake) : Worker
    {
        public int Ticks;
        public override string Name => name;
        public override IReadOnlyList<string> WakePatterns => wake;
        public override TimeSpan? SlowTick => TimeSpan.FromMinutes(10);
        public override Task TickAsync(WorkerContext context, CancellationToken ct) { Interlocked.Increment(ref Ticks); return Task.CompletedTask; }
    }

    private static async Task Eventually(Func<bool> condition, int ms = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(ms);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
    }

    [Test]
    public async Task HeartbeatControlAndWakeTravelOnTheBus()
    {
        using var broker = BusBroker.Start(BusCredentials.Generate(), inprocName: "shell-test-" + Guid.NewGuid().ToString("n"));
        using var bus = broker.ConnectLocal();
        using var health = bus.Subscribe("system.*.health");
        var worker = new Counting("probe", ["attacker.>"]);
        var shell = new WorkerShell(worker, bus, TimeProvider.System, NullLogger.Instance, TimeSpan.FromMinutes(10));
        shell.Start();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var beat = await health.Reader.ReadAsync(cts.Token);
        await Assert.That(beat.Topic).IsEqualTo(Topics.SystemWorkerHealth("probe"));
        using (var doc = JsonDocument.Parse(beat.Payload))
            await Assert.That(doc.RootElement.GetProperty("worker").GetString()).IsEqualTo("probe");
        await Assert.That(shell.Status().LastHeartbeat).IsNotNull();

        await Eventually(() => worker.Ticks == 1);
        bus.Publish(Topics.AttackerObserved, "attacker.observed", """{"ip":"192.0.2.1"}"""u8.ToArray());
        await Eventually(() => worker.Ticks == 2);
        await Assert.That(worker.Ticks).IsEqualTo(2);

        bus.Publish(Topics.SystemWorkerControl("probe"), "control", Encoding.UTF8.GetBytes("""{"action":"pause"}"""));
        await Eventually(() => shell.Status().State == WorkerState.Paused);
        await Assert.That(shell.Status().State).IsEqualTo(WorkerState.Paused);
        bus.Publish(Topics.SystemWorkerControl("probe"), "control", Encoding.UTF8.GetBytes("""{"action":"stop"}"""));
        await Eventually(() => shell.Status().State == WorkerState.Stopped);
        await Assert.That(shell.Status().State).IsEqualTo(WorkerState.Stopped);
    }
}
