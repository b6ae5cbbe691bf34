using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Decnet.Bench;

/// <summary>
/// Payloads of exactly N bytes for the bus benchmark, many distinct ones cycled so consecutive messages differ.
/// Batches on the external path are compressed, so what a payload looks like matters: <see cref="Realistic"/>
/// cuts real Cowrie events (the honeypot traffic the bus carries) to size, <see cref="Incompressible"/> is random
/// base64, the worst case.
/// </summary>
public static class BusPayloads
{
    private const int Distinct = 4096;

    /// <summary>Real events' leading fields, padded to <paramref name="size"/>; a seeded synthetic stand-in when the shared data is absent.</summary>
    public static byte[][] Realistic(int size)
    {
        var events = ReadCowrie(Distinct);
        if (events.Count == 0)
        {
            Console.Error.WriteLine("bus: ../shared/data/cowrie not found, using synthetic Cowrie-like payloads");
            events = Synthetic(Distinct);
        }
        return events.Select(e => Fit(e, size)).ToArray();
    }

    public static byte[][] Incompressible(int size)
    {
        var random = new Random(20240601);
        return Enumerable.Range(0, Distinct).Select(_ =>
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return Pad(new Dictionary<string, JsonElement>(), size, Convert.ToBase64String(bytes));
        }).ToArray();
    }

    private static List<Dictionary<string, JsonElement>> ReadCowrie(int wanted)
    {
        var list = new List<Dictionary<string, JsonElement>>();
        var dir = SharedData.Find("cowrie");
        if (dir is null) return list;
        foreach (var file in Directory.GetFiles(dir, "cowrie.json.2018-05-*.gz").Order(StringComparer.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            while (reader.ReadLine() is { } line && list.Count < wanted)
            {
                if (line.Length < 2) continue;
                using var doc = JsonDocument.Parse(line);
                list.Add(doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));
            }
            if (list.Count >= wanted) break;
        }
        return list;
    }

    private static List<Dictionary<string, JsonElement>> Synthetic(int count)
    {
        var random = new Random(20240601);
        string[] kinds = ["cowrie.session.connect", "cowrie.login.failed", "cowrie.command.input", "cowrie.client.version"];
        return Enumerable.Range(0, count).Select(i =>
        {
            var ip = $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}";
            var json = $$"""{"eventid":"{{kinds[random.Next(kinds.Length)]}}","src_ip":"{{ip}}","src_port":{{random.Next(1024, 65536)}},"session":"{{random.Next():x8}}","timestamp":"2018-05-{{random.Next(1, 29):D2}}T{{random.Next(24):D2}}:{{random.Next(60):D2}}:{{random.Next(60):D2}}.{{random.Next(1_000_000):D6}}Z","message":"login attempt [root/{{random.Next():x}}] failed","sensor":"honeypot-1"}""";
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        }).ToList();
    }

    /// <summary>The event's fields in order while they fit, then a padding string to the exact size.</summary>
    private static byte[] Fit(Dictionary<string, JsonElement> fields, int size)
    {
        var kept = new Dictionary<string, JsonElement>();
        foreach (var (name, value) in fields)
        {
            kept[name] = value;
            if (Write(kept, "").Length > size - 12) { kept.Remove(name); break; }
        }
        return Pad(kept, size, "");
    }

    private static byte[] Pad(Dictionary<string, JsonElement> fields, int size, string filler)
    {
        var text = filler;
        var bytes = Write(fields, text);
        while (bytes.Length > size) bytes = Write(fields, text = text[..^1]);
        return Write(fields, text + new string('.', size - bytes.Length));
    }

    private static byte[] Write(Dictionary<string, JsonElement> fields, string pad)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteString("pad", pad);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
