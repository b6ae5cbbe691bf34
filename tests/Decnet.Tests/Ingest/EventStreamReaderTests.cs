using System.IO.Compression;
using System.Text;
using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class EventStreamReaderTests
{
    private static readonly EventStreamReader Reader = new(new FixedTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    private static string CowrieLine(int i) => Json(
        $"{{'eventid': 'cowrie.login.failed', 'username': 'root', 'timestamp': '2018-05-10T00:09:{i % 60:00}.188455Z', 'src_ip': '10.0.{i / 256 % 256}.{i % 256}', 'session': 's{i}', 'password': 'pw{i}', 'sensor': 'x', 'message': '{new string('m', i % 50)}'}}");

    private static async Task<List<EventBatch>> ReadAll(Stream stream, InputFormat format = InputFormat.Auto, int batchSize = 1000, string source = "test.log")
    {
        var batches = new List<EventBatch>();
        await foreach (var batch in Reader.ReadAsync(stream, format, source, batchSize, CancellationToken.None)) batches.Add(batch);
        return batches;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    [Test]
    public async Task CountsEventsMalformedAndBlankLines()
    {
        var text = CowrieLine(1) + "\n\n" + "{'eventid': broken\n".Replace('\'', '"') + "   \n" + CowrieLine(2) + "\n";
        var batches = await ReadAll(new MemoryStream(Utf8(text)));
        await Assert.That(batches.Count).IsEqualTo(1);
        var batch = batches[0];
        await Assert.That(batch.Events.Count).IsEqualTo(2);
        await Assert.That(batch.Malformed).IsEqualTo(1);
        await Assert.That(batch.LinesRead).IsEqualTo(5);
        await Assert.That(batch.Format).IsEqualTo(InputFormat.Cowrie);
        await Assert.That(batch.MalformedSamples.Count).IsEqualTo(1);
        await Assert.That(batch.MalformedSamples[0]).StartsWith("test.log:3: invalid JSON at byte ");
    }

    [Test]
    [Arguments(1)]
    [Arguments(5)]
    [Arguments(100_000)]
    public async Task LinesSpanReadsAndCrLfIsTolerated(int chunk)
    {
        var lines = Enumerable.Range(0, 200).Select(CowrieLine).ToArray();
        var data = Utf8(string.Join("\r\n", lines)); // and no newline after the last line
        var batches = await ReadAll(new TrickleStream(data, chunk));
        var events = batches.SelectMany(b => b.Events).ToList();
        await Assert.That(events.Count).IsEqualTo(200);
        await Assert.That(batches.Sum(b => b.Malformed)).IsEqualTo(0);
        await Assert.That(events[199].Password).IsEqualTo("pw199");
        await Assert.That(events[17].Id).IsEqualTo(EventId.FromLine(Utf8(lines[17])));
    }

    [Test]
    public async Task GzipIsRecognisedByMagicBytes()
    {
        var lines = Enumerable.Range(0, 50).Select(CowrieLine);
        var plain = Utf8(string.Join("\n", lines) + "\n");
        var fromPlain = (await ReadAll(new MemoryStream(plain), source: "events.gz")).SelectMany(b => b.Events).ToList();
        var fromGzip = (await ReadAll(new TrickleStream(Gzip(plain), 3), source: "events.txt")).SelectMany(b => b.Events).ToList();
        await Assert.That(fromGzip.Count).IsEqualTo(50);
        await Assert.That(fromPlain.Count).IsEqualTo(50);
        for (var i = 0; i < 50; i++) await Assert.That(fromGzip[i]).IsEqualTo(fromPlain[i]);
    }

    [Test]
    public async Task BatchesAreCappedAndLinesAccountedFor()
    {
        var text = string.Join("\n", Enumerable.Range(0, 10).Select(CowrieLine)) + "\n";
        var batches = await ReadAll(new MemoryStream(Utf8(text)), batchSize: 3);
        await Assert.That(string.Join(",", batches.Select(b => b.Events.Count))).IsEqualTo("3,3,3,1");
        await Assert.That(batches.Sum(b => b.LinesRead)).IsEqualTo(10);
    }

    [Test]
    public async Task SamplesAreCappedAtFivePerBatchButAllAreCounted()
    {
        var text = string.Join("\n", Enumerable.Range(0, 12).Select(i => i == 0 ? CowrieLine(0) : "{\"eventid\": \"x\"}")) + "\n";
        var batches = await ReadAll(new MemoryStream(Utf8(text)));
        await Assert.That(batches[0].Malformed).IsEqualTo(11);
        await Assert.That(batches[0].MalformedSamples.Count).IsEqualTo(EventBatch.MaxSamples);
        await Assert.That(batches[0].MalformedSamples[0]).IsEqualTo("test.log:2: missing field 'src_ip'");
        await Assert.That(batches[0].MalformedSamples[4]).IsEqualTo("test.log:6: missing field 'src_ip'");
    }

    [Test]
    public async Task OverlongLineIsMalformedAndTheRestGoesThrough()
    {
        var longLine = "{\"eventid\": \"" + new string('a', EventStreamReader.MaxLineBytes + 10) + "\"}";
        var text = CowrieLine(1) + "\n" + longLine + "\n" + CowrieLine(2) + "\n";
        var batches = await ReadAll(new TrickleStream(Utf8(text), 64 * 1024));
        await Assert.That(batches.Sum(b => b.Events.Count)).IsEqualTo(2);
        await Assert.That(batches.Sum(b => b.Malformed)).IsEqualTo(1);
        await Assert.That(batches[0].MalformedSamples[0]).IsEqualTo($"test.log:2: line longer than {EventStreamReader.MaxLineBytes} bytes");
    }

    [Test]
    public async Task UnrecognisedFirstLineIsMalformedThenDetectionRetries()
    {
        var text = "some header\n" + CowrieLine(1) + "\n";
        var batches = await ReadAll(new MemoryStream(Utf8(text)));
        await Assert.That(batches[0].Events.Count).IsEqualTo(1);
        await Assert.That(batches[0].Malformed).IsEqualTo(1);
        await Assert.That(batches[0].MalformedSamples[0]).StartsWith("test.log:1: unrecognised input format");
    }

    [Test]
    public async Task ExplicitFormatIsNotSecondGuessed()
    {
        var text = CowrieLine(1) + "\n";
        var batches = await ReadAll(new MemoryStream(Utf8(text)), InputFormat.Jsonl);
        await Assert.That(batches[0].Events.Count).IsEqualTo(0);
        await Assert.That(batches[0].MalformedSamples[0]).IsEqualTo("test.log:1: missing field 'event'");
    }

    [Test]
    public async Task ReadsJsonlAndRfc5424Files()
    {
        var ev = new DecnetEvent { Id = "a", Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Event = "login.failed", SrcIp = "1.2.3.4" };
        var jsonl = JsonlEventWriter.ToLine(ev).Concat(JsonlEventWriter.ToLine(ev with { Id = "b" })).ToArray();
        var fromJsonl = await ReadAll(new MemoryStream(jsonl));
        await Assert.That(fromJsonl[0].Format).IsEqualTo(InputFormat.Jsonl);
        await Assert.That(fromJsonl[0].Events[1]).IsEqualTo(ev with { Id = "b" });

        var syslog = "\uFEFF<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"] one\n<13>1 - h a - - [decnet@32473 event=\"y\" src_ip=\"1.2.3.5\"] two\n";
        var fromSyslog = await ReadAll(new MemoryStream(Utf8(syslog)));
        await Assert.That(fromSyslog[0].Format).IsEqualTo(InputFormat.Rfc5424);
        await Assert.That(fromSyslog[0].Events.Count).IsEqualTo(2);
        await Assert.That(fromSyslog[0].Events[1].Timestamp).IsEqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public async Task EmptyStreamYieldsNothing()
    {
        await Assert.That((await ReadAll(new MemoryStream())).Count).IsEqualTo(0);
        await Assert.That((await ReadAll(new MemoryStream([0x1f]))).Sum(b => b.Malformed)).IsEqualTo(1);
    }

    [Test]
    public async Task SyncAndAsyncAgree()
    {
        var data = Gzip(Utf8(string.Join("\n", Enumerable.Range(0, 30).Select(CowrieLine)) + "\nbad\n"));
        var async = await ReadAll(new MemoryStream(data), batchSize: 7);
        var sync = Reader.Read(new MemoryStream(data), InputFormat.Auto, "test.log", 7).ToList();
        await Assert.That(sync.Count).IsEqualTo(async.Count);
        await Assert.That(sync.SelectMany(b => b.Events).SequenceEqual(async.SelectMany(b => b.Events))).IsTrue();
        await Assert.That(sync.Sum(b => b.Malformed)).IsEqualTo(1);
    }

    [Test]
    public async Task CancellationStopsTheStream()
    {
        using var cts = new CancellationTokenSource();
        var data = Utf8(string.Join("\n", Enumerable.Range(0, 100).Select(CowrieLine)) + "\n");
        var seen = 0;
        await Assert.That(async () =>
        {
            await foreach (var batch in Reader.ReadAsync(new TrickleStream(data, 512), InputFormat.Auto, "t", 10, cts.Token))
            {
                seen += batch.Events.Count;
                cts.Cancel();
            }
        }).Throws<OperationCanceledException>();
        await Assert.That(seen).IsLessThan(100);
    }
}
