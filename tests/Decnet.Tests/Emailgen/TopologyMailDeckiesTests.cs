using Decnet.Engine.Emailgen;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Topology;
using Decnet.Storage;
using Decnet.Tests.Storage;
using Decnet.Tests.Topology;

namespace Decnet.Tests.Emailgen;

public class TopologyMailDeckiesTests
{
    [Test]
    public async Task OnlyMailDeckiesOfActiveOrDegradedTopologiesGetMail()
    {
        using var dir = new TempDataDir();
        var gate = new StoreGate(DecnetStore.Open(dir.Path, "test", TimeProvider.System));
        try
        {
            var hand = TopologySamples.HandMade();  // has one IMAP decky, mail-01-2
            var mix = new[] { new ArchetypeWeight("mail-server", 1) };
            gate.Use(s =>
            {
                s.Topologies.Insert(hand);
                s.Topologies.TransitionStatus(hand.Id, 1, TopologyStatus.Deploying, "deploy", TopologySamples.Now);
                var pending = TopologyGenerator.Generate("t0000000002", "stillpending", TopologySamples.Parameters(seed: 3, mix: mix),
                    s.Topologies.Subnets().Select(x => x.Subnet).ToArray(), TopologySamples.Now);
                s.Topologies.Insert(pending);
                return 0;
            });
            var source = new TopologyMailDeckies(gate);
            await Assert.That(source.ListRunningMailDeckies()).IsEmpty();

            gate.Use(s => s.Topologies.TransitionStatus(hand.Id, 2, TopologyStatus.Active, "up", TopologySamples.Now));
            var running = source.ListRunningMailDeckies();
            await Assert.That(running.Count).IsEqualTo(1);
            await Assert.That(running[0].Name).IsEqualTo($"{hand.Id}-mail-01-2");
            await Assert.That(running[0].Scope).IsEqualTo(hand.Id);
            await Assert.That(running[0].Domain).Contains(".");

            gate.Use(s => s.Topologies.TransitionStatus(hand.Id, 3, TopologyStatus.Degraded, "one container down", TopologySamples.Now));
            await Assert.That(source.ListRunningMailDeckies().Count).IsEqualTo(1);
            gate.Use(s => s.Topologies.TransitionStatus(hand.Id, 4, TopologyStatus.TearingDown, "bye", TopologySamples.Now));
            await Assert.That(source.ListRunningMailDeckies()).IsEmpty();
        }
        finally { gate.Dispose(); }
    }

    [Test]
    public async Task ComposeMountsTheDeckysSpoolIntoItsMailContainersOnly()
    {
        var hand = TopologySamples.HandMade();
        var yaml = ComposeRenderer.Render(hand, "/var/lib/decnet/mail/");
        await Assert.That(yaml).Contains($"\"/var/lib/decnet/mail/{hand.Id}-mail-01-2:/var/spool/decnet-mail\"");
        await Assert.That(yaml.Split(":/var/spool/decnet-mail\"\n").Length - 1)
            .IsEqualTo(hand.Deckies.Sum(d => d.Services.Count(s => s is "imap" or "pop3")));
        await Assert.That(ComposeRenderer.Render(hand)).DoesNotContain("decnet-mail");
    }
}
