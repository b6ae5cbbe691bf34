using System.Text;
using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class SyslogFrameDecoderTests
{
    private const string M1 = "<13>1 2026-01-01T00:00:00Z h a - - [decnet@32473 event=\"x\" src_ip=\"1.2.3.4\"] first";
    private const string M2 = "<13>1 - h a - - [decnet@32473 event=\"y\" src_ip=\"1.2.3.5\"] second, with\ttab";

    /// <summary>Feeds <paramref name="stream"/> in pieces of <paramref name="chunk"/> bytes and collects every message.</summary>
    private static List<string> Decode(byte[] stream, int chunk, SyslogFrameDecoder? decoder = null, bool complete = true)
    {
        decoder ??= new SyslogFrameDecoder();
        var messages = new List<string>();
        for (var i = 0; i < stream.Length; i += chunk)
        {
            decoder.Append(stream.AsSpan(i, Math.Min(chunk, stream.Length - i)));
            while (decoder.TryRead(out var m)) messages.Add(Encoding.UTF8.GetString(m));
        }
        if (complete)
        {
            decoder.Complete();
            while (decoder.TryRead(out var m)) messages.Add(Encoding.UTF8.GetString(m));
        }
        return messages;
    }

    /// <summary>Order-sensitive comparison text for message lists.</summary>
    private static string Joined(IEnumerable<string> messages) => string.Join("\u241E", messages);

    private static string Counted(string message) => $"{Encoding.UTF8.GetByteCount(message)} {message}";

    [Test]
    [Arguments(1)]
    [Arguments(2)]
    [Arguments(7)]
    [Arguments(4096)]
    public async Task NewlineFramingAcrossChunks(int chunk)
    {
        var messages = Decode(Utf8(M1 + "\n" + M2 + "\r\n" + M1 + "\0" + M2 + "\n"), chunk);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1, M2, M1, M2 }));
    }

    [Test]
    [Arguments(1)]
    [Arguments(3)]
    [Arguments(4096)]
    public async Task OctetCountingAcrossChunks(int chunk)
    {
        // A counted message may itself contain LF; the count, not the LF, ends it.
        var withNewline = M2 + "\nstill the same message";
        var messages = Decode(Utf8(Counted(M1) + Counted(withNewline) + Counted("é✓ " + M1)), chunk);
        await Assert.That(messages.Count).IsEqualTo(3);
        await Assert.That(messages[0]).IsEqualTo(M1);
        await Assert.That(messages[1]).IsEqualTo(withNewline);
        await Assert.That(messages[2]).IsEqualTo("é✓ " + M1);
    }

    [Test]
    public async Task FramingIsDetectedPerMessage()
    {
        var stream = Utf8(Counted(M1) + M2 + "\n" + Counted(M2) + "\n" + "123abc not a count\n" + M1);
        var messages = Decode(stream, 1);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1, M2, M2, "123abc not a count", M1 }));
    }

    [Test]
    public async Task OversizeNewlineMessageIsSkippedUntilTheNextLf()
    {
        var decoder = new SyslogFrameDecoder(maxMessageSize: 100);
        var huge = "<13>1 " + new string('x', 500);
        var messages = Decode(Utf8(M1 + "\n" + huge + "\n" + M2 + "\n"), 16, decoder);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1, M2 }));
        await Assert.That(decoder.OversizeSkipped).IsEqualTo(1);
    }

    [Test]
    public async Task OversizeCountedMessageIsSkippedByItsLength()
    {
        var decoder = new SyslogFrameDecoder(maxMessageSize: 100);
        var huge = "<13>1 " + new string('x', 500);
        var messages = Decode(Utf8(Counted(M1) + Counted(huge) + Counted(M2)), 5, decoder);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1, M2 }));
        await Assert.That(decoder.OversizeSkipped).IsEqualTo(1);
    }

    [Test]
    public async Task OversizeWholeChunkWithoutLfIsDroppedAndMemoryStaysBounded()
    {
        var decoder = new SyslogFrameDecoder(maxMessageSize: 64);
        var junk = Utf8("<" + new string('y', 10_000));
        decoder.Append(junk);
        await Assert.That(decoder.TryRead(out _)).IsFalse();
        await Assert.That(decoder.Buffered).IsEqualTo(0);
        var messages = Decode(Utf8("more junk\n" + M1.Substring(0, 60) + "\n"), 7, decoder);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1.Substring(0, 60) }));
        await Assert.That(decoder.OversizeSkipped).IsEqualTo(1);
    }

    [Test]
    public async Task EndOfStreamFlushesALastLineAndCountsACutFrame()
    {
        await Assert.That(Joined(Decode(Utf8(M1 + "\n" + M2), 3))).IsEqualTo(Joined(new[] { M1, M2 }));
        var decoder = new SyslogFrameDecoder();
        var messages = Decode(Utf8(Counted(M1) + Counted(M2)[..20]), 4, decoder);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1 }));
        await Assert.That(decoder.Truncated).IsEqualTo(1);
    }

    [Test]
    public async Task WithoutCompleteAPartialMessageWaits()
    {
        var messages = Decode(Utf8(M1 + "\n" + M2), 1, complete: false);
        await Assert.That(Joined(messages)).IsEqualTo(Joined(new[] { M1 }));
    }

    [Test]
    public async Task RandomChunkingNeverChangesTheOutput()
    {
        var random = new Random(5424);
        var builder = new StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var m = $"<{random.Next(0, 191)}>1 - h{i} a - - [decnet@32473 event=\"e{i}\" src_ip=\"10.0.{i % 256}.1\"] {new string('m', random.Next(0, 300))}";
            expected.Add(m);
            switch (random.Next(4))
            {
                case 0: builder.Append(Counted(m)); break;
                case 1: builder.Append(m).Append('\n'); break;
                case 2: builder.Append(m).Append("\r\n"); break;
                default: builder.Append(Counted(m)).Append('\n'); break;
            }
        }
        var stream = Utf8(builder.ToString());
        var decoder = new SyslogFrameDecoder();
        var messages = new List<string>();
        for (var i = 0; i < stream.Length;)
        {
            var n = Math.Min(random.Next(1, 200), stream.Length - i);
            decoder.Append(stream.AsSpan(i, n));
            i += n;
            while (decoder.TryRead(out var m)) messages.Add(Encoding.UTF8.GetString(m));
        }
        decoder.Complete();
        while (decoder.TryRead(out var m)) messages.Add(Encoding.UTF8.GetString(m));
        await Assert.That(Joined(messages)).IsEqualTo(Joined(expected));
    }
}
