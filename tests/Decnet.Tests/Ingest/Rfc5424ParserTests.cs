using System.Text;
using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class Rfc5424ParserTests
{
    private static readonly DateTimeOffset ReceiveTime = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Rfc5424Parser Parser = new(new FixedTimeProvider(ReceiveTime));

    // Byte for byte what util-linux 2.38 `logger --rfc5424 --tcp --sd-id decnet@32473 --sd-param ... -t decnet --msgid ID1` sent.
    private const string FromLogger =
        "<38>1 2026-11-25T22:30:02.027295+00:00 vm decnet - ID1 [timeQuality tzKnown=\"1\" isSynced=\"0\"][decnet@32473 event=\"login.failed\" src_ip=\"1.2.3.4\" username=\"ro\\\"ot\\\\x\\]\"] hello world";

    private static DecnetEvent Parse(string message)
    {
        if (!Parser.TryParse(Utf8(message), out var ev, out var error)) throw new InvalidOperationException("unexpected failure: " + error);
        return ev;
    }

    [Test]
    public async Task LoggerOutputParses()
    {
        var ev = Parse(FromLogger);
        await Assert.That(ev.Event).IsEqualTo("login.failed");
        await Assert.That(ev.SrcIp).IsEqualTo("1.2.3.4");
        await Assert.That(ev.Username).IsEqualTo("ro\"ot\\x]");
        await Assert.That(ev.Decky).IsEqualTo("vm");
        await Assert.That(ev.Timestamp).IsEqualTo(new DateTimeOffset(2026, 11, 25, 22, 30, 2, TimeSpan.Zero).AddTicks(272950));
        await Assert.That(ev.Id).IsEqualTo(EventId.FromLine(Utf8(FromLogger)));
    }

    [Test]
    public async Task EveryParamMaps()
    {
        var ev = Parse("<134>1 2026-01-02T03:04:05.5+01:00 host app 123 msg [decnet@32473 id=\"abc\" event=\"http.request\" src_ip=\"2001:db8::7\" src_port=\"51000\" service=\"http\" decky=\"web-1\" session=\"s1\" username=\"u\" password=\"p\" command=\"c\" ssh_version=\"v\" hassh=\"h\" ja3=\"j\" user_agent=\"curl/8\" url=\"/x?y=1\" sha256=\"sh\" dst_host=\"example.org\" dst_port=\"8080\" unknown=\"z\"]");
        await Assert.That(ev.Id).IsEqualTo("abc");
        await Assert.That(ev.Event).IsEqualTo("http.request");
        await Assert.That(ev.Timestamp).IsEqualTo(new DateTimeOffset(2026, 1, 2, 2, 4, 5, 500, TimeSpan.Zero));
        await Assert.That(ev.SrcIp).IsEqualTo("2001:db8::7");
        await Assert.That(ev.SrcPort).IsEqualTo(51000);
        await Assert.That(ev.Service).IsEqualTo("http");
        await Assert.That(ev.Decky).IsEqualTo("web-1");
        await Assert.That(ev.Session).IsEqualTo("s1");
        await Assert.That(ev.Username).IsEqualTo("u");
        await Assert.That(ev.Password).IsEqualTo("p");
        await Assert.That(ev.Command).IsEqualTo("c");
        await Assert.That(ev.SshVersion).IsEqualTo("v");
        await Assert.That(ev.Hassh).IsEqualTo("h");
        await Assert.That(ev.Ja3).IsEqualTo("j");
        await Assert.That(ev.UserAgent).IsEqualTo("curl/8");
        await Assert.That(ev.Url).IsEqualTo("/x?y=1");
        await Assert.That(ev.Sha256).IsEqualTo("sh");
        await Assert.That(ev.DstHost).IsEqualTo("example.org");
        await Assert.That(ev.DstPort).IsEqualTo(8080);
    }

    [Test]
    public async Task NilTimestampAndHostnameUseReceiveTimeAndNoDecky()
    {
        var ev = Parse("<13>1 - - root - - [decnet@32473 event=\"login.failed\" src_ip=\"1.2.3.4\"] x");
        await Assert.That(ev.Timestamp).IsEqualTo(ReceiveTime);
        await Assert.That(ev.Decky).IsNull();
        var explicitTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Assert.That(Rfc5424Parser.TryParse(Utf8("<13>1 - - root - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"]"), explicitTime, out var ev2, out _)).IsTrue();
        await Assert.That(ev2!.Timestamp).IsEqualTo(explicitTime);
    }

    [Test]
    public async Task SdDeckyWinsOverHostname()
    {
        var ev = Parse("<13>1 2026-01-01T00:00:00Z relay app - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\" decky=\"ssh-7\"]");
        await Assert.That(ev.Decky).IsEqualTo("ssh-7");
    }

    [Test]
    [Arguments("a\\\\b", "a\\b")]
    [Arguments("say \\\"hi\\\"", "say \"hi\"")]
    [Arguments("[x\\]", "[x]")]
    [Arguments("keep \\n as is", "keep \\n as is")]
    [Arguments("ends with \\\\", "ends with \\")]
    [Arguments("ünïcødé ✓", "ünïcødé ✓")]
    public async Task ParamValuesAreUnescaped(string raw, string expected)
    {
        var ev = Parse("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"command.input\" src_ip=\"1.2.3.4\" command=\"" + raw + "\"]");
        await Assert.That(ev.Command).IsEqualTo(expected);
    }

    [Test]
    public async Task OtherElementsBeforeAndAfterAreSkipped()
    {
        var ev = Parse("<13>1 2026-01-01T00:00:00Z h a - - [origin ip=\"9.9.9.9\" x=\"a\\]b\"][decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"][meta sequenceId=\"1\"] msg");
        await Assert.That(ev.SrcIp).IsEqualTo("1.2.3.4");
    }

    [Test]
    public async Task BomInMsgAndTrailingLineEndingsAreFine()
    {
        const string message = "<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"] \uFEFFhello";
        var plain = Parse(message);
        var withCrlf = Parse(message + "\r\n");
        var withNul = Parse(message + "\n\0");
        await Assert.That(withCrlf.Id).IsEqualTo(plain.Id);
        await Assert.That(withNul.Id).IsEqualTo(plain.Id);
        var noMsg = Parse("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"]");
        await Assert.That(noMsg.Id).IsNotEqualTo(plain.Id);
    }

    [Test]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - - just a message", "no [decnet@32473 ...] structured-data element")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [other x=\"1\"] m", "no [decnet@32473 ...] structured-data element")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\"] m", "missing SD-PARAM 'src_ip' in decnet@32473")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 src_ip=\"1.2.3.4\"]", "missing SD-PARAM 'event' in decnet@32473")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.999\"]", "invalid ip in SD-PARAM 'src_ip': \"1.2.3.999\"")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\" src_port=\"-1\"]", "invalid port in SD-PARAM 'src_port': \"-1\"")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\" dst_port=\"99999\"]", "invalid port in SD-PARAM 'dst_port': \"99999\"")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"", "unterminated SD-ELEMENT (no ']')")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x src_ip=\"1.2.3.4\"]", "invalid SD-ELEMENT: expected ' ' or ']'")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\\\"]", "unterminated value of SD-PARAM 'event'")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=x]", "invalid SD-PARAM: expected NAME=\"VALUE\"")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"]junk", "junk after STRUCTURED-DATA")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - - msg", "missing STRUCTURED-DATA")]
    [Arguments("<13>1 yesterday h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"]", "invalid TIMESTAMP \"yesterday\"")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h a - -", "truncated header: no MSGID")]
    [Arguments("<13>1 2026-01-01T00:00:00Z h", "truncated header: no HOSTNAME")]
    [Arguments("<13>Jan  1 00:00:00 host app: hello", "unsupported syslog VERSION (expected '1 ': RFC 5424)")]
    [Arguments("<999>1 - - - - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"]", "invalid <PRI>")]
    [Arguments("<>1 - - - - - -", "invalid <PRI>")]
    [Arguments("hello", "missing <PRI>: not an RFC 5424 message")]
    [Arguments("", "empty message")]
    public async Task MalformedMessagesSayWhy(string message, string expected)
    {
        var ok = Parser.TryParse(Utf8(message), out var ev, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(ev).IsNull();
        await Assert.That(error).IsEqualTo(expected);
    }
}
