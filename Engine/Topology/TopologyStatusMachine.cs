namespace Decnet.Engine.Topology;

/// <summary>
/// The legal moves: pending → deploying → active | degraded | failed; active ↔ degraded; any live state
/// (deploying, active, degraded, failed) → tearing_down → torn_down, which is terminal.
/// </summary>
public static class TopologyStatusMachine
{
    public static bool IsLegal(TopologyStatus from, TopologyStatus to) => (from, to) switch
    {
        (TopologyStatus.Pending, TopologyStatus.Deploying) => true,
        (TopologyStatus.Deploying, TopologyStatus.Active or TopologyStatus.Degraded or TopologyStatus.Failed) => true,
        (TopologyStatus.Active, TopologyStatus.Degraded) => true,
        (TopologyStatus.Degraded, TopologyStatus.Active) => true,
        (TopologyStatus.TearingDown, TopologyStatus.TornDown) => true,
        (_, TopologyStatus.TearingDown) => IsLive(from),
        _ => false,
    };

    /// <summary>Deployed, or possibly partly so: containers may exist and a teardown makes sense.</summary>
    public static bool IsLive(TopologyStatus s) =>
        s is TopologyStatus.Deploying or TopologyStatus.Active or TopologyStatus.Degraded or TopologyStatus.Failed;

    /// <summary>Only a topology that never ran, or whose containers are gone, may be deleted.</summary>
    public static bool MayDelete(TopologyStatus s) => s is TopologyStatus.Pending or TopologyStatus.TornDown;

    /// <summary>Throws <see cref="IllegalTransitionException"/> naming both states when the move is not legal.</summary>
    public static void Require(string topology, TopologyStatus from, TopologyStatus to)
    {
        if (!IsLegal(from, to)) throw new IllegalTransitionException(topology, from, to);
    }
}

public sealed class IllegalTransitionException(string topology, TopologyStatus from, TopologyStatus to)
    : InvalidOperationException($"topology {topology}: illegal status change {from.Name()} → {to.Name()}")
{
    public TopologyStatus From { get; } = from;
    public TopologyStatus To { get; } = to;
}

/// <summary>Someone else changed the topology since it was read: nothing was written, re-read and retry.</summary>
public sealed class TopologyVersionConflictException(string topology, long expected, long actual)
    : InvalidOperationException($"topology {topology} was changed concurrently (version {actual}, expected {expected}); nothing was written, retry")
{
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}
