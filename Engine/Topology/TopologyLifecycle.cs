using Decnet.Storage;

namespace Decnet.Engine.Topology;

/// <summary>How a deploy or teardown ended: the topology as stored afterwards and a one-line summary.</summary>
public sealed record LifecycleOutcome(bool Succeeded, Topology Topology, string Message);

/// <summary>
/// Drives a topology through its status machine around <c>docker compose</c>: validate, render, deploying, up,
/// check what runs, then active / degraded / failed (rolling back with <c>down</c> when <c>up</c> fails); teardown
/// runs <c>down</c> between tearing_down and torn_down. Every transition is stored with the version read before
/// (a concurrent change makes it fail without writing) and handed to <paramref name="published"/> for the bus.
/// </summary>
public sealed class TopologyLifecycle(IStoreScope store, IProcessRunner runner, TimeProvider time, Action<Topology, StatusEvent> published,
    string dockerProgram = "docker")
{
    public Topology Transition(Topology t, TopologyStatus to, string reason)
    {
        var header = store.Use(s => s.Topologies.TransitionStatus(t.Id, t.Version, to, reason, time.GetUtcNow()));
        // The store hands back the header only; the layout never changes, so keep the one in hand.
        var updated = t with { Status = header.Status, Version = header.Version, UpdatedAt = header.UpdatedAt, Events = header.Events };
        published(updated, updated.Events[^1]);
        return updated;
    }

    public static IReadOnlyList<string> ComposeArgs(Topology t, string composeFile, params string[] command) =>
        ["compose", "-p", ComposeRenderer.ProjectName(t), "-f", composeFile, .. command];

    public async Task<LifecycleOutcome> DeployAsync(Topology t, string composeFile, CancellationToken ct)
    {
        t = Transition(t, TopologyStatus.Deploying, "deploy requested");
        var up = await runner.RunAsync(dockerProgram, ComposeArgs(t, composeFile, "up", "-d", "--remove-orphans"), ct).ConfigureAwait(false);
        if (up.ExitCode != 0)
        {
            var down = await runner.RunAsync(dockerProgram, ComposeArgs(t, composeFile, "down", "--remove-orphans"), ct).ConfigureAwait(false);
            var reason = $"docker compose up failed (exit {up.ExitCode}): {up.LastLine}; "
                + (down.ExitCode == 0 ? "rolled back (down)" : $"rollback failed too (exit {down.ExitCode}): {down.LastLine}");
            t = Transition(t, TopologyStatus.Failed, reason);
            return new LifecycleOutcome(false, t, reason);
        }
        var expected = ComposeRenderer.ContainerNames(t);
        var ps = await runner.RunAsync(dockerProgram, ComposeArgs(t, composeFile, "ps", "--services", "--filter", "status=running"), ct).ConfigureAwait(false);
        if (ps.ExitCode != 0)
        {
            var why = $"deployed, but the running containers could not be checked (exit {ps.ExitCode}): {ps.LastLine}";
            t = Transition(t, TopologyStatus.Degraded, why);
            return new LifecycleOutcome(false, t, why);
        }
        var running = ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(n => !running.Contains(n)).ToArray();
        if (missing.Length == 0)
        {
            t = Transition(t, TopologyStatus.Active, $"all {expected.Count} containers running");
            return new LifecycleOutcome(true, t, t.Events[^1].Reason);
        }
        var list = string.Join(", ", missing.Take(10)) + (missing.Length > 10 ? $", ... {missing.Length - 10} more" : "");
        var reasonDegraded = $"{missing.Length} of {expected.Count} containers not running: {list}";
        t = Transition(t, TopologyStatus.Degraded, reasonDegraded);
        return new LifecycleOutcome(false, t, reasonDegraded);
    }

    /// <summary>From any live state (or a teardown interrupted before), runs <c>down</c>; a failed down leaves it tearing_down for a retry.</summary>
    public async Task<LifecycleOutcome> TeardownAsync(Topology t, string composeFile, CancellationToken ct)
    {
        if (t.Status != TopologyStatus.TearingDown) t = Transition(t, TopologyStatus.TearingDown, "teardown requested");
        var down = await runner.RunAsync(dockerProgram, ComposeArgs(t, composeFile, "down", "--remove-orphans", "--volumes"), ct).ConfigureAwait(false);
        if (down.ExitCode != 0)
            return new LifecycleOutcome(false, t, $"docker compose down failed (exit {down.ExitCode}): {down.LastLine}; still tearing_down, run teardown again");
        t = Transition(t, TopologyStatus.TornDown, "containers and networks removed");
        return new LifecycleOutcome(true, t, t.Events[^1].Reason);
    }
}
