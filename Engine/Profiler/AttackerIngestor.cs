using System.Buffers;
using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Ingest;
using Decnet.Engine.Supervisor;

namespace Decnet.Engine.Profiler;

/// <summary>
/// The one write path from events to attacker profiles, shared by `decnet ingest`, the control channel and the
/// profiler worker: applies a batch in one transaction, then says so on the bus (attacker.observed for first
/// sightings, attacker.scored once per updated IP per batch).
/// </summary>
public sealed class AttackerIngestor(StoreGate store, IBus? bus, IAttackerGeoSource? geo = null)
{
    public BatchResult Ingest(IReadOnlyList<DecnetEvent> events)
    {
        if (events.Count == 0) return new BatchResult(0, 0, 0, [], []);
        var result = store.Use(s => new EventBatchApplier(s, null, geo).Apply(events));
        if (bus is not null)
        {
            foreach (var ip in result.NewIps) bus.Publish(Topics.AttackerObserved, "attacker.observed", IpPayload(ip));
            foreach (var ip in result.UpdatedIps) bus.Publish(Topics.AttackerScored, "attacker.scored", IpPayload(ip));
        }
        return result;
    }

    private static ReadOnlyMemory<byte> IpPayload(string ip)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("ip", ip);
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
