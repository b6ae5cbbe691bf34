using System.Text.Json;

namespace Decnet.Engine.Topology;

/// <summary>The payload published on <c>topology.&lt;id&gt;.status</c> after each stored transition.</summary>
public static class TopologyStatusMessage
{
    public const string Type = "topology.status";

    public static byte[] Payload(Topology t, StatusEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("topology_id", t.Id);
            w.WriteString("name", t.Name);
            w.WriteString("from", e.From.Name());
            w.WriteString("to", e.To.Name());
            w.WriteString("reason", e.Reason);
            w.WriteNumber("version", t.Version);
            w.WriteString("at", TopologyJson.Time(e.At));
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
