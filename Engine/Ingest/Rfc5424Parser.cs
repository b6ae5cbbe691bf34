using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Decnet.Engine.Ingest;

/// <summary>
/// One RFC 5424 syslog message → <see cref="DecnetEvent"/>, from the <c>decnet@32473</c> structured-data element:
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD...] MSG</c>. Other SD elements (e.g. the
/// <c>timeQuality</c> that util-linux <c>logger</c> adds) are skipped; MSG is not used (a BOM there is fine).
/// A NILVALUE timestamp takes the receive time; the decky defaults to HOSTNAME.
/// </summary>
public sealed class Rfc5424Parser(TimeProvider time) : IEventLineParser
{
    /// <summary>The private-enterprise SD-ID decnet's deckies log under.</summary>
    public const string SdId = "decnet@32473";

    public InputFormat Format => InputFormat.Rfc5424;

    /// <summary>Parses with the current time of the <see cref="TimeProvider"/> as the receive time.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out DecnetEvent? ev, [NotNullWhen(false)] out string? error) =>
        TryParse(line, time.GetUtcNow(), out ev, out error);

    /// <summary>Parses one message; <paramref name="fallbackTime"/> stands in for a NILVALUE (<c>-</c>) timestamp.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, DateTimeOffset fallbackTime,
        [NotNullWhen(true)] out DecnetEvent? ev, [NotNullWhen(false)] out string? error)
    {
        ev = null;
        // Datagram and stream senders differ in trailing LF / CRLF / NUL; none of it belongs to the message (or its id).
        message = LineBytes.TrimNewlineAndNul(message);
        var s = message;

        if (s.IsEmpty) { error = "empty message"; return false; }
        if (s[0] != '<') { error = "missing <PRI>: not an RFC 5424 message"; return false; }
        var close = s[..Math.Min(s.Length, 5)].IndexOf((byte)'>');
        if (close < 2 || !Utf8Parser.TryParse(s[1..close], out int pri, out var used) || used != close - 1 || pri > 191)
        { error = "invalid <PRI>"; return false; }
        s = s[(close + 1)..];
        if (!s.StartsWith("1 "u8)) { error = "unsupported syslog VERSION (expected '1 ': RFC 5424)"; return false; }
        s = s[2..];

        if (!NextHeaderField(ref s, out var timestampText)) { error = "truncated header: no TIMESTAMP"; return false; }
        DateTimeOffset timestamp;
        if (timestampText.SequenceEqual("-"u8)) timestamp = fallbackTime.ToUniversalTime();
        else if (!IsoTimestamp.TryParse(timestampText, out timestamp)) { error = $"invalid TIMESTAMP {JsonField.Echo(timestampText)}"; return false; }
        if (!NextHeaderField(ref s, out var hostname)) { error = "truncated header: no HOSTNAME"; return false; }
        if (!NextHeaderField(ref s, out _)) { error = "truncated header: no APP-NAME"; return false; }
        if (!NextHeaderField(ref s, out _)) { error = "truncated header: no PROCID"; return false; }
        if (!NextHeaderField(ref s, out _)) { error = "truncated header: no MSGID"; return false; }

        var fields = new SdFields();
        var found = false;
        if (s.StartsWith("-"u8) && (s.Length == 1 || s[1] == ' '))
        {
            // NILVALUE structured data: nothing of ours.
        }
        else
        {
            if (s.IsEmpty || s[0] != '[') { error = "missing STRUCTURED-DATA"; return false; }
            while (!s.IsEmpty && s[0] == '[')
            {
                if (!SdElement.TryRead(ref s, ref fields, ref found, out error)) return false;
            }
            if (!s.IsEmpty && s[0] != ' ') { error = "junk after STRUCTURED-DATA"; return false; }
        }
        if (!found) { error = $"no [{SdId} ...] structured-data element"; return false; }
        if (fields.Event is null) { error = $"missing SD-PARAM 'event' in {SdId}"; return false; }
        if (fields.SrcIp is null) { error = $"missing SD-PARAM 'src_ip' in {SdId}"; return false; }
        if (!IpText.TryNormalize(fields.SrcIp, out var srcIp)) { error = $"invalid ip in SD-PARAM 'src_ip': \"{fields.SrcIp}\""; return false; }
        if (!TryPort(fields.SrcPort, "src_port", out var srcPort, out error)) return false;
        if (!TryPort(fields.DstPort, "dst_port", out var dstPort, out error)) return false;

        var decky = fields.Decky ?? (hostname.SequenceEqual("-"u8) ? null : Utf8Interner.Get(hostname));
        ev = new DecnetEvent
        {
            Id = string.IsNullOrEmpty(fields.Id) ? EventId.FromLine(message) : fields.Id,
            Timestamp = timestamp,
            Event = fields.Event,
            SrcIp = srcIp,
            SrcPort = srcPort,
            Service = fields.Service,
            Decky = decky,
            Session = fields.Session,
            Username = fields.Username,
            Password = fields.Password,
            Command = fields.Command,
            SshVersion = fields.SshVersion,
            Hassh = fields.Hassh,
            Ja3 = fields.Ja3,
            UserAgent = fields.UserAgent,
            Url = fields.Url,
            Sha256 = fields.Sha256,
            DstHost = fields.DstHost,
            DstPort = dstPort,
        };
        error = null;
        return true;
    }

    /// <summary>Takes the next SP-terminated header field (1..255 printable ASCII, per RFC 5424 §6.2).</summary>
    private static bool NextHeaderField(ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> field)
    {
        var space = s.IndexOf((byte)' ');
        if (space <= 0) { field = default; return false; }
        field = s[..space];
        s = s[(space + 1)..];
        return true;
    }

    private static bool TryPort(string? text, string name, out int? port, [NotNullWhen(false)] out string? error)
    {
        port = null;
        error = null;
        if (text is null) return true;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p <= 65535)
        {
            port = p;
            return true;
        }
        error = $"invalid port in SD-PARAM '{name}': \"{text}\"";
        return false;
    }
}
