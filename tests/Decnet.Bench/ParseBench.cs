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
        var ours = Measure("CowrieLineParser", () => ParseAll(parser, lines), lines.Count);
        var baseline = Measure("JsonDocument.Parse", () => JsonDocumentAll(lines), lines.Count);
        yield return new BenchFigure("parse cowrie, 1 thread", ours, "events/s", "JsonDocument.Parse", baseline, "events/s");

        var reader = new EventStreamReader(TimeProvider.System);
        var oursRead = Measure("EventStreamReader .gz", () => ReadAll(reader, gzipped), lines.Count);
        var baselineRead = Measure("GZip+ReadLine+JsonDocument", () => ReadLinesJsonDocument(gzipped), lines.Count);
        yield return new BenchFigure("read cowrie .gz, 1 thread", oursRead, "events/s", "GZip+ReadLine+JsonDocument", baselineRead, "events/s");
    }

    /// <summary>One warm-up run, then the median of <see cref="Runs"/> runs, in events per thread-CPU second.</summary>
    private static double Measure(string name, Func<int> work, int expected)
    {
        work();
        var cpuRates = new List<double>();
        var wallRates = new List<double>();
        for (var i = 0; i < Runs; i++)
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
        Console.Error.WriteLine($"parse: {name}: median {Median.Of(cpuRates):N0} events/s of thread CPU, {Median.Of(wallRates):N0} events/s wall clock");
        return Median.Of(cpuRates);
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
