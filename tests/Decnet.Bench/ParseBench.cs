using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Decnet.Engine.Ingest;

namespace Decnet.Bench;

/// <summary>
/// Parse throughput on the real Cowrie May 2018 files, decompressed into memory once: <see cref="CowrieLineParser"/>
/// (single thread, parse only, ids included) against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// over the same lines; then the whole read path (<see cref="EventStreamReader"/> over the gzip bytes) against
/// GZipStream + StreamReader.ReadLine + JsonDocument.
/// </summary>
public static class ParseBench
{
    private const int Runs = 7;

    public static IEnumerable<BenchFigure> Run()
    {
        var dir = SharedData.Find("cowrie");
        var files = dir is null ? [] : Directory.GetFiles(dir, "cowrie.json.2018-05-*.gz").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine("parse: skipped, ../shared/data/cowrie (or $DECNET_SHARED_DATA/cowrie) not found");
            yield break;
        }

        var gzipped = files.Select(File.ReadAllBytes).ToArray();
        var lines = new List<ReadOnlyMemory<byte>>();
        foreach (var gz in gzipped) lines.AddRange(SplitLines(Decompress(gz)));

        var parser = new CowrieLineParser();
        var ours = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => ParseAll(parser, lines), lines.Count)));
        var baseline = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => JsonDocumentAll(lines), lines.Count)));
        yield return new BenchFigure("parse cowrie (CowrieLineParser)", ours, "events/s", "JsonDocument.Parse", baseline, "events/s");

        var reader = new EventStreamReader(TimeProvider.System);
        var oursRead = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => ReadAll(reader, gzipped), lines.Count)));
        var baselineRead = Median.Of(Enumerable.Range(0, Runs).Select(_ => Time(() => ReadLinesJsonDocument(gzipped), lines.Count)));
        yield return new BenchFigure("read cowrie .gz (EventStreamReader)", oursRead, "events/s", "GZip+ReadLine+JsonDocument", baselineRead, "events/s");
    }

    private static double Time(Func<int> work, int expected)
    {
        var sw = Stopwatch.StartNew();
        var n = work();
        sw.Stop();
        if (n != expected) throw new InvalidOperationException($"parsed {n} of {expected} lines");
        return n / sw.Elapsed.TotalSeconds;
    }

    private static int ParseAll(CowrieLineParser parser, List<ReadOnlyMemory<byte>> lines)
    {
        var ok = 0;
        foreach (var line in lines)
            if (parser.TryParse(line.Span, out _, out _)) ok++;
        return ok;
    }

    private static int JsonDocumentAll(List<ReadOnlyMemory<byte>> lines)
    {
        var ok = 0;
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) ok++;
        }
        return ok;
    }

    private static int ReadAll(EventStreamReader reader, byte[][] gzipped)
    {
        var n = 0;
        foreach (var gz in gzipped)
            foreach (var batch in reader.Read(new MemoryStream(gz), InputFormat.Auto, "bench", 4096))
                n += batch.Events.Count;
        return n;
    }

    private static int ReadLinesJsonDocument(byte[][] gzipped)
    {
        var n = 0;
        foreach (var gz in gzipped)
        {
            using var text = new StreamReader(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress));
            while (text.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) n++;
            }
        }
        return n;
    }

    private static byte[] Decompress(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static IEnumerable<ReadOnlyMemory<byte>> SplitLines(byte[] text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var lf = Array.IndexOf(text, (byte)'\n', start);
            var end = lf < 0 ? text.Length : lf;
            if (end > start) yield return text.AsMemory(start, end - start);
            start = end + 1;
        }
    }
}
