using Decnet.Engine.Topology;
using Decnet.Storage;
using Decnet.Tests.Storage;
using static Decnet.Engine.Topology.TopologyStatus;

namespace Decnet.Tests.Topology;

/// <summary>The status machine (issue 7 §4): every pair of states, stored transitions, and the optimistic lock.</summary>
public class TopologyStatusTests
{
    private static readonly HashSet<(TopologyStatus, TopologyStatus)> Legal =
    [
        (Pending, Deploying),
        (Deploying, Active), (Deploying, Degraded), (Deploying, Failed),
        (Active, Degraded), (Degraded, Active),
        (Deploying, TearingDown), (Active, TearingDown), (Degraded, TearingDown), (Failed, TearingDown),
        (TearingDown, TornDown),
    ];

    public static IEnumerable<(TopologyStatus, TopologyStatus)> AllPairs() =>
        TopologyStatusNames.All.SelectMany(a => TopologyStatusNames.All.Select(b => (a, b)));

    [Test]
    [MethodDataSource(nameof(AllPairs))]
    public async Task EveryPairIsLegalExactlyWhenTheIssueSaysSo(TopologyStatus from, TopologyStatus to)
    {
        await Assert.That(TopologyStatusMachine.IsLegal(from, to)).IsEqualTo(Legal.Contains((from, to)));
    }

    [Test]
    [MethodDataSource(nameof(AllPairs))]
    public async Task TheStoreAppliesLegalMovesAndRefusesIllegalOnesNamingBothStates(TopologyStatus from, TopologyStatus to)
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        var t = TopologySamples.HandMade();
        store.Topologies.Insert(t);
        var version = PathTo(store, t.Id, from);
        var at = TopologySamples.Now.AddMinutes(30);
        if (Legal.Contains((from, to)))
        {
            var changed = store.Topologies.TransitionStatus(t.Id, version, to, "because", at);
            await Assert.That(changed.Status).IsEqualTo(to);
            await Assert.That(changed.Version).IsEqualTo(version + 1);
            var stored = store.Topologies.Get(t.Id)!;
            await Assert.That(stored.Status).IsEqualTo(to);
            await Assert.That(stored.Version).IsEqualTo(version + 1);
            await Assert.That(stored.Events[^1]).IsEqualTo(new StatusEvent(from, to, "because", at));
            await Assert.That(stored.Deckies.Count).IsEqualTo(t.Deckies.Count); // the layout is untouched
        }
        else
        {
            var e = Assert.Throws<IllegalTransitionException>(() => store.Topologies.TransitionStatus(t.Id, version, to, "because", at));
            await Assert.That(e.Message).Contains($"{from.Name()} → {to.Name()}");
            var stored = store.Topologies.Get(t.Id)!;
            await Assert.That(stored.Status).IsEqualTo(from);
            await Assert.That(stored.Version).IsEqualTo(version);
        }
    }

    /// <summary>Walks a fresh topology to <paramref name="target"/> through legal moves; returns the version there.</summary>
    private static long PathTo(DecnetStore store, string id, TopologyStatus target)
    {
        TopologyStatus[] path = target switch
        {
            Pending => [],
            Deploying => [Deploying],
            Active => [Deploying, Active],
            Degraded => [Deploying, Degraded],
            Failed => [Deploying, Failed],
            TearingDown => [Deploying, Active, TearingDown],
            TornDown => [Deploying, Active, TearingDown, TornDown],
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        var version = 1L;
        foreach (var step in path) version = store.Topologies.TransitionStatus(id, version, step, "setup", TopologySamples.Now).Version;
        return version;
    }

    [Test]
    public async Task AConcurrentChangeLosesCleanlyAndWritesNothing()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        var t = TopologySamples.HandMade();
        store.Topologies.Insert(t);
        // Two operators read version 1; the first wins, the second is refused.
        var first = store.Topologies.TransitionStatus(t.Id, 1, Deploying, "operator A", TopologySamples.Now);
        var e = Assert.Throws<TopologyVersionConflictException>(() => store.Topologies.TransitionStatus(t.Id, 1, Deploying, "operator B", TopologySamples.Now));
        await Assert.That(e.Message).Contains("version 2, expected 1");
        var stored = store.Topologies.Get(t.Id)!;
        await Assert.That(stored.Version).IsEqualTo(first.Version);
        await Assert.That(stored.Events.Count).IsEqualTo(1);
        await Assert.That(stored.Events[0].Reason).IsEqualTo("operator A");
        // Delete checks the version too.
        Assert.Throws<TopologyVersionConflictException>(() => store.Topologies.Delete(t.Id, 1));
        await Assert.That(store.Topologies.Get(t.Id)).IsNotNull();
    }

    [Test]
    public async Task OnlyPendingOrTornDownTopologiesCanBeDeleted()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        var t = TopologySamples.HandMade();
        store.Topologies.Insert(t);
        var v = store.Topologies.TransitionStatus(t.Id, 1, Deploying, "x", TopologySamples.Now).Version;
        v = store.Topologies.TransitionStatus(t.Id, v, Active, "x", TopologySamples.Now).Version;
        var e = Assert.Throws<InvalidOperationException>(() => store.Topologies.Delete(t.Id, v));
        await Assert.That(e.Message).Contains("is active: only a pending or torn_down topology can be deleted");
        v = store.Topologies.TransitionStatus(t.Id, v, TearingDown, "x", TopologySamples.Now).Version;
        v = store.Topologies.TransitionStatus(t.Id, v, TornDown, "x", TopologySamples.Now).Version;
        store.Topologies.Delete(t.Id, v);
        await Assert.That(store.Topologies.Get(t.Id)).IsNull();
        await Assert.That(store.Topologies.Subnets()).IsEmpty();
    }
}
