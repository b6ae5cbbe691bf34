using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Decnet.Engine.Ingest;

namespace Decnet.Bench;

/// <summary>
/// Parse throughput on the real Cowrie May 2018 files, decompressed into memory once: <see cref="CowrieLineParser"/>
/// (single thread, parse only, ids included) against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// over the same lines, and against a straightforward JsonDocument mapper building the same events (ids included);
/// then the whole read path (<see cref="EventStreamReader"/> over the gzip bytes) against GZipStream +
/// StreamReader.ReadLine + that mapper.
/// Rates are per second of the measuring thread's own CPU time (CLOCK_THREAD_CPUTIME_ID), i.e. per core: the bench
/// machines are shared, and wall-clock rates there mostly measure the neighbours. Wall-clock medians go to stderr.
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
        var (ours, baseline) = MeasurePair("CowrieLineParser", () => ParseAll(parser, lines), "JsonDocument.Parse", () => JsonDocumentAll(lines), lines.Count);
        yield return new BenchFigure("parse cowrie, 1 thread", ours, "events/s", "JsonDocument.Parse", baseline, "events/s");

        // The like-for-like alternative: the same DecnetEvent (fields, HASSH, id) built from a JsonDocument.
        var (ours2, documentMapper) = MeasurePair("CowrieLineParser", () => ParseAll(parser, lines),
            "JsonDocument mapper", () => JsonDocumentMapperAll(lines), lines.Count);
        yield return new BenchFigure("parse cowrie to events, 1 thread", ours2, "events/s", "JsonDocument mapper", documentMapper, "events/s");

        var reader = new EventStreamReader(TimeProvider.System);
        var (oursRead, baselineRead) = MeasurePair("EventStreamReader .gz", () => ReadAll(reader, gzipped),
            "GZip+ReadLine+JsonDocument mapper", () => ReadLinesJsonDocument(gzipped), lines.Count);
        yield return new BenchFigure("read cowrie .gz to events, 1 thread", oursRead, "events/s", "GZip+ReadLine+JsonDocument mapper", baselineRead, "events/s");
    }

    /// <summary>
    /// One warm-up run each, then <see cref="Runs"/> runs alternating the two so both see the same neighbours;
    /// medians in events per thread-CPU second. The best runs and wall-clock medians go to stderr.
    /// </summary>
    private static (double A, double B) MeasurePair(string nameA, Func<int> a, string nameB, Func<int> b, int expected)
    {
        a();
        b();
        var cpu = new[] { new List<double>(), new List<double>() };
        var wall = new[] { new List<double>(), new List<double>() };
        for (var i = 0; i < Runs; i++)
        {
            Run(a, nameA, cpu[0], wall[0], expected);
            Run(b, nameB, cpu[1], wall[1], expected);
        }
        Report(nameA, cpu[0], wall[0]);
        Report(nameB, cpu[1], wall[1]);
        return (Median.Of(cpu[0]), Median.Of(cpu[1]));
    }

    private static void Run(Func<int> work, string name, List<double> cpuRates, List<double> wallRates, int expected)
    {
        var cpu0 = ThreadCpuClock.Seconds();
        var wall = Stopwatch.StartNew();
        var n = work();
        wall.Stop();
        var cpu = ThreadCpuClock.Seconds() - cpu0;
        if (n != expected) throw new InvalidOperationException($"{name}: parsed {n} of {expected} lines");
        wallRates.Add(n / wall.Elapsed.TotalSeconds);
        cpuRates.Add(n / (cpu > 0 ? cpu : wall.Elapsed.TotalSeconds));
    }

    private static void Report(string name, List<double> cpuRates, List<double> wallRates) =>
        Console.Error.WriteLine($"parse: {name}: median {Median.Of(cpuRates):N0}, best {cpuRates.Max():N0} events/s of thread CPU; median {Median.Of(wallRates):N0} events/s wall clock");

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

    private static int JsonDocumentMapperAll(List<ReadOnlyMemory<byte>> lines)
    {
        var ok = 0;
        foreach (var line in lines)
            if (MapWithJsonDocument(line) is not null) ok++;
        return ok;
    }

    /// <summary>What a straightforward JsonDocument-based Cowrie mapper does for the same event.</summary>
    private static DecnetEvent? MapWithJsonDocument(ReadOnlyMemory<byte> line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (!root.TryGetProperty("eventid", out var eventId) || !root.TryGetProperty("src_ip", out var srcIp)
            || !root.TryGetProperty("timestamp", out var timestamp)) return null;
        string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        int? Number(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null;
        IEnumerable<string> List(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "");
        string? hassh = Text("hassh");
        if (hassh is null && root.TryGetProperty("kexAlgs", out var kex) && root.TryGetProperty("encCS", out var enc)
            && root.TryGetProperty("macCS", out var mac) && root.TryGetProperty("compCS", out var comp))
            hassh = Hassh.Compute(List(kex), List(enc), List(mac), List(comp));
        var name = eventId.GetString()!;
        return new DecnetEvent
        {
            Id = EventId.FromLine(line.Span),
            Timestamp = timestamp.GetDateTimeOffset(),
            Event = name.StartsWith("cowrie.", StringComparison.Ordinal) ? name[7..] : name,
            SrcIp = System.Net.IPAddress.Parse(srcIp.GetString()!).ToString(),
            SrcPort = Number("src_port"),
            Service = Text("protocol"),
            Decky = Text("sensor"),
            Session = Text("session"),
            Username = Text("username"),
            Password = Text("password"),
            Command = Text("input"),
            SshVersion = Text("version"),
            Hassh = hassh,
            Url = Text("url"),
            Sha256 = Text("shasum"),
            DstHost = Text("dst_ip"),
            DstPort = Number("dst_port"),
        };
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
                if (MapWithJsonDocument(System.Text.Encoding.UTF8.GetBytes(line)) is not null) n++;
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

/// <summary>CPU time consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID); wall clock elsewhere.</summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled in the bench project
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) return t.Seconds + t.Nanoseconds / 1e9;
        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }
}
