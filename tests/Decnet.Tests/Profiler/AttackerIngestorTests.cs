using System.Text;
using Decnet.Bus;
using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using Decnet.Engine.Supervisor;
using Decnet.Storage;

namespace Decnet.Tests.Profiler;

public class AttackerIngestorTests
{
    /// <summary>Records what would have gone on the bus.</summary>
    private sealed class RecordingBus : IBus
    {
        public readonly List<(string Topic, string Payload)> Published = [];
        public long PublishDropped => 0;
        public void Publish(string topic, string type, ReadOnlyMemory<byte> payloadJson) => Published.Add((topic, Encoding.UTF8.GetString(payloadJson.Span)));
        public void PublishEnvelope(BusEnvelope envelope) => Published.Add((envelope.Topic, Encoding.UTF8.GetString(envelope.Payload.Span)));
        public BusSubscription Subscribe(string pattern, int capacity = 4096) => throw new NotSupportedException();
        public BusSubscription Subscribe(string pattern, int capacity, System.Threading.Channels.BoundedChannelFullMode fullMode) => throw new NotSupportedException();
        public void Dispose() { }
    }

    private static DecnetEvent Ev(string id, string ip, int minute) => new()
    {
        Id = id, SrcIp = ip, Event = EventTypes.LoginFailed, Timestamp = new DateTimeOffset(2026, 11, 1, 10, minute, 0, TimeSpan.Zero),
        Username = "root", Password = "pw" + minute,
    };

    [Test]
    public async Task ObservedOnFirstSightingScoredOncePerIpPerBatch()
    {
        var dir = Directory.CreateTempSubdirectory("decnet-ingestor-");
        try
        {
            var bus = new RecordingBus();
            using var gate = new StoreGate(DecnetStore.Open(dir.FullName, "test", TimeProvider.System));
            var ingestor = new AttackerIngestor(gate, bus);

            var first = ingestor.Ingest([Ev("a1", "198.51.100.1", 0), Ev("a2", "198.51.100.1", 1), Ev("b1", "198.51.100.2", 2)]);
            await Assert.That(first.Accepted).IsEqualTo(3);
            await Assert.That(bus.Published.Count(p => p.Topic == Topics.AttackerObserved)).IsEqualTo(2);
            await Assert.That(bus.Published.Single(p => p.Payload.Contains("198.51.100.2") && p.Topic == Topics.AttackerObserved).Payload)
                .IsEqualTo("""{"ip":"198.51.100.2"}""");

            bus.Published.Clear();
            var second = ingestor.Ingest([Ev("a3", "198.51.100.1", 3), Ev("a4", "198.51.100.1", 4), Ev("a1", "198.51.100.1", 0)]);
            await Assert.That(second.Accepted).IsEqualTo(2);
            await Assert.That(second.Duplicates).IsEqualTo(1);
            await Assert.That(bus.Published).IsEquivalentTo(new[] { (Topics.AttackerScored, """{"ip":"198.51.100.1"}""") });

            bus.Published.Clear();
            var dup = ingestor.Ingest([Ev("a3", "198.51.100.1", 3)]);
            await Assert.That(dup.Accepted).IsEqualTo(0);
            await Assert.That(bus.Published.Count).IsEqualTo(0);
            await Assert.That(gate.Use(s => s.Attackers.Get("198.51.100.1"))!.EventCount).IsEqualTo(4);
        }
        finally { dir.Delete(true); }
    }
}
