using Decnet.Engine.Ingest;

namespace Decnet.Engine.Supervisor;

/// <summary>Events travel over the control channel as decnet JSONL (the same format `decnet ingest` reads).</summary>
public static class JsonlBatch
{
    public static byte[] Encode(IReadOnlyList<DecnetEvent> events)
    {
        var ms = new MemoryStream(events.Count * 256);
        using (var writer = new JsonlEventWriter(ms, leaveOpen: true))
            foreach (var ev in events) writer.Write(ev);
        return ms.ToArray();
    }

    public static List<DecnetEvent> Parse(ReadOnlySpan<byte> body, out int malformed)
    {
        var parser = new JsonlLineParser();
        var events = new List<DecnetEvent>();
        malformed = 0;
        foreach (var range in body.Split((byte)'\n'))
        {
            var line = body[range];
            if (line.IsEmpty) continue;
            if (parser.TryParse(line, out var ev, out _) && ev is not null) events.Add(ev);
            else malformed++;
        }
        return events;
    }
}
