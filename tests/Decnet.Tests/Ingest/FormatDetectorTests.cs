using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class FormatDetectorTests
{
    [Test]
    [Arguments("{'eventid': 'cowrie.session.connect', 'src_ip': '1.2.3.4'}", InputFormat.Cowrie)]
    [Arguments("{'src_ip': '1.2.3.4', 'nested': {'event': 1}, 'eventid': 'x'}", InputFormat.Cowrie)]
    [Arguments("\uFEFF  {'event': 'login.failed', 'ts': '2026-01-01T00:00:00Z'}", InputFormat.Jsonl)]
    [Arguments("{'ts': '2026-01-01T00:00:00Z', 'event': 'x', 'src_ip': '1.2.3.4'", InputFormat.Jsonl)]
    [Arguments("<13>1 - - - - - -", InputFormat.Rfc5424)]
    [Arguments("<191>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\"]", InputFormat.Rfc5424)]
    public async Task KnownShapesAreDetected(string line, InputFormat expected)
    {
        var text = line.StartsWith('<') ? line : Json(line);
        await Assert.That(FormatDetector.Detect(Utf8(text))).IsEqualTo(expected);
    }

    [Test]
    [Arguments("{'nested': {'event': 'x', 'eventid': 'y'}}")]
    [Arguments("{'other': 1}")]
    [Arguments("<13>Jan  1 00:00:00 host app: msg")]
    [Arguments("<13>2 - - - - - -")]
    [Arguments("hello world")]
    [Arguments("[1, 2]")]
    [Arguments("")]
    public async Task UnknownShapesAreNull(string line)
    {
        var text = line.StartsWith('<') ? line : Json(line);
        await Assert.That(FormatDetector.Detect(Utf8(text))).IsNull();
    }
}
