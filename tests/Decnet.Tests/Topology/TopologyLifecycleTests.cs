using Decnet.Engine.Topology;
using Decnet.Storage;
using Decnet.Tests.Storage;

namespace Decnet.Tests.Topology;

/// <summary>Deploy and teardown against a fake process runner: the status lands where the issue says, with reasons.</summary>
public class TopologyLifecycleTests
{
    private sealed class FakeRunner(Func<IReadOnlyList<string>, ProcessResult> answer) : IProcessRunner
    {
        public List<string> Calls { get; } = [];

        public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct)
        {
            Calls.Add(program + " " + string.Join(' ', args));
            return Task.FromResult(answer(args));
        }
    }

    private sealed class Scope(DecnetStore store) : IStoreScope
    {
        public T Use<T>(Func<DecnetStore, T> action) => action(store);
    }

    private static string Verb(IReadOnlyList<string> args) => args[5];

    private static async Task<(LifecycleOutcome, FakeRunner, List<StatusEvent>, DecnetStore, TempDataDir)> Deploy(Func<IReadOnlyList<string>, ProcessResult> answer)
    {
        var dir = new TempDataDir();
        var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        var t = TopologySamples.HandMade();
        store.Topologies.Insert(t);
        var runner = new FakeRunner(answer);
        var published = new List<StatusEvent>();
        var lifecycle = new TopologyLifecycle(new Scope(store), runner, TimeProvider.System, (_, e) => published.Add(e));
        var outcome = await lifecycle.DeployAsync(store.Topologies.Get(t.Id)!, "/x/docker-compose.yml", CancellationToken.None);
        return (outcome, runner, published, store, dir);
    }

    private static string AllRunning(IReadOnlyList<string> _) => string.Join('\n', ComposeRenderer.ContainerNames(TopologySamples.HandMade()));

    [Test]
    public async Task ASuccessfulDeployIsActive()
    {
        var (outcome, runner, published, store, dir) = await Deploy(a => new ProcessResult(0, Verb(a) == "ps" ? AllRunning(a) : "", ""));
        using (dir) using (store)
        {
            await Assert.That(outcome.Succeeded).IsTrue();
            await Assert.That(outcome.Topology.Status).IsEqualTo(TopologyStatus.Active);
            await Assert.That(runner.Calls[0]).IsEqualTo("docker compose -p decnet-thand000001 -f /x/docker-compose.yml up -d --remove-orphans");
            await Assert.That(published.Select(e => e.To)).IsEquivalentTo(new[] { TopologyStatus.Deploying, TopologyStatus.Active });
            await Assert.That(store.Topologies.Get("thand000001")!.Events[^1].Reason).IsEqualTo("all 11 containers running");
        }
    }

    [Test]
    public async Task AFailedUpRollsBackAndEndsFailedWithTheReason()
    {
        var (outcome, runner, published, store, dir) = await Deploy(a => Verb(a) == "up" ? new ProcessResult(1, "", "pulling\nError: image decnet/imap not found\n") : new ProcessResult(0, "", ""));
        using (dir) using (store)
        {
            await Assert.That(outcome.Topology.Status).IsEqualTo(TopologyStatus.Failed);
            await Assert.That(runner.Calls[1]).EndsWith("down --remove-orphans");
            await Assert.That(outcome.Message).IsEqualTo("docker compose up failed (exit 1): Error: image decnet/imap not found; rolled back (down)");
            await Assert.That(published[^1]).IsEqualTo(published[^1] with { From = TopologyStatus.Deploying, To = TopologyStatus.Failed });
            await Assert.That(store.Topologies.Get("thand000001")!.Events[^1].Reason).IsEqualTo(outcome.Message);
        }
    }

    [Test]
    public async Task MissingContainersEndDegradedNamingThem()
    {
        var (outcome, _, _, store, dir) = await Deploy(a => new ProcessResult(0, Verb(a) == "ps" ? AllRunning(a).Replace("mail-01-2-imap\n", "") : "", ""));
        using (dir) using (store)
        {
            await Assert.That(outcome.Topology.Status).IsEqualTo(TopologyStatus.Degraded);
            await Assert.That(outcome.Message).IsEqualTo("1 of 11 containers not running: mail-01-2-imap");
        }
    }

    [Test]
    public async Task TeardownGoesThroughTearingDownAndAFailedDownCanBeRetried()
    {
        var (outcome, _, published, store, dir) = await Deploy(a => new ProcessResult(0, Verb(a) == "ps" ? AllRunning(a) : "", ""));
        using (dir) using (store)
        {
            var failing = new FakeRunner(_ => new ProcessResult(1, "", "daemon unreachable"));
            var lifecycle = new TopologyLifecycle(new Scope(store), failing, TimeProvider.System, (_, e) => published.Add(e));
            var first = await lifecycle.TeardownAsync(outcome.Topology, "/x/c.yml", CancellationToken.None);
            await Assert.That(first.Succeeded).IsFalse();
            await Assert.That(first.Topology.Status).IsEqualTo(TopologyStatus.TearingDown);
            await Assert.That(first.Message).Contains("daemon unreachable");

            var ok = new TopologyLifecycle(new Scope(store), new FakeRunner(_ => new ProcessResult(0, "", "")), TimeProvider.System, (_, e) => published.Add(e));
            var second = await ok.TeardownAsync(store.Topologies.Get("thand000001")!, "/x/c.yml", CancellationToken.None);
            await Assert.That(second.Topology.Status).IsEqualTo(TopologyStatus.TornDown);
            await Assert.That(published.Select(e => e.To).ToArray()).IsEquivalentTo(new[]
                { TopologyStatus.Deploying, TopologyStatus.Active, TopologyStatus.TearingDown, TopologyStatus.TornDown });
        }
    }

    [Test]
    public async Task DeployingTwiceIsRefusedAsAnIllegalTransition()
    {
        var (outcome, _, _, store, dir) = await Deploy(a => new ProcessResult(0, Verb(a) == "ps" ? AllRunning(a) : "", ""));
        using (dir) using (store)
        {
            var lifecycle = new TopologyLifecycle(new Scope(store), new FakeRunner(_ => new ProcessResult(0, "", "")), TimeProvider.System, (_, _) => { });
            var e = await Assert.ThrowsAsync<IllegalTransitionException>(() => lifecycle.DeployAsync(outcome.Topology, "/x", CancellationToken.None));
            await Assert.That(e!.Message).Contains("active → deploying");
        }
    }
}
