using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Decnet.Engine.Ingest;

/// <summary>
/// One Cowrie JSON log line → <see cref="DecnetEvent"/>, in one forward pass with <see cref="Utf8JsonReader"/>
/// (fields arrive in any order, so everything is gathered first and interpreted at the end).
/// </summary>
/// <remarks>
/// Service: Cowrie's <c>protocol</c> when present; else for <c>session.connect</c> the listening port
/// (22/2222 ssh, 23/2223 telnet); else ssh for the SSH-only client events; else a hint in <c>system</c>
/// (the Twisted transport name contains "SSH" or "Telnet"). <c>dst_ip</c>/<c>dst_port</c> are kept only for
/// <c>direct-tcpip.*</c> events: on the others they are the honeypot's own address.
/// </remarks>
[System.Runtime.CompilerServices.SkipLocalsInit]
public sealed class CowrieLineParser : IEventLineParser
{
    private const int ListKex = 0, ListEnc = 1, ListMac = 2, ListComp = 3;

    public InputFormat Format => InputFormat.Cowrie;

    public bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out DecnetEvent? ev, [NotNullWhen(false)] out string? error)
    {
        byte[]? scratch = null;
        if (line.StartsWith("\uFEFF"u8)) line = line[3..];
        long namePosition = -1;
        try
        {
            return TryParseCore(line, ref scratch, ref namePosition, out ev, out error);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            ev = null;
            error = JsonField.Failure(ex, line, namePosition);
            return false;
        }
        finally
        {
            if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static bool TryParseCore(ReadOnlySpan<byte> line, ref byte[]? scratch, ref long namePosition,
        out DecnetEvent? ev, out string? error)
    {
        ev = null;
        if (LineBytes.IsBlank(line)) { error = "empty line"; return false; }
        var reader = new Utf8JsonReader(line);
        JsonField.Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject) { error = "not a JSON object"; return false; }

        string? eventName = null, srcIp = null, dstIp = null, protocol = null, sensor = null, session = null;
        string? username = null, password = null, input = null, url = null, shasum = null, version = null, hassh = null;
        int? srcPort = null, dstPort = null;
        DateTimeOffset timestamp = default;
        var haveTimestamp = false;
        var systemHint = (string?)null;
        // Where each HASSH list sits in the scratch buffer (comma-joined), -1 = absent.
        Span<int> listStart = [-1, -1, -1, -1];
        Span<int> listLength = [0, 0, 0, 0];
        var scratchUsed = 0;
        var nameStorage = new Bytes32();
        Span<byte> nameBuffer = nameStorage;

        while (JsonField.Next(ref reader))
        {
            if (reader.TokenType == JsonTokenType.EndObject) break;
            // Escaped names (never seen from Cowrie) are unescaped; one longer than the buffer is none of ours.
            ReadOnlySpan<byte> name = reader.ValueIsEscaped && reader.ValueSpan.Length <= nameBuffer.Length
                ? nameBuffer[..reader.CopyString(nameBuffer)]
                : reader.ValueSpan;
            namePosition = reader.TokenStartIndex;
            JsonField.Next(ref reader);
            var ok = true;
            error = null;
            switch (name.Length)
            {
                case 3 when name.SequenceEqual("url"u8):
                    ok = JsonField.TryString(ref reader, "url", out url, out error); break;
                case 5 when name.SequenceEqual("input"u8):
                    ok = JsonField.TryString(ref reader, "input", out input, out error); break;
                case 5 when name.SequenceEqual("hassh"u8):
                    ok = JsonField.TryString(ref reader, "hassh", out hassh, out error); break;
                case 5 when name.SequenceEqual("encCS"u8):
                    ok = ReadList(ref reader, "encCS", ListEnc, ref scratch, ref scratchUsed, listStart, listLength, out error); break;
                case 5 when name.SequenceEqual("macCS"u8):
                    ok = ReadList(ref reader, "macCS", ListMac, ref scratch, ref scratchUsed, listStart, listLength, out error); break;
                case 6 when name.SequenceEqual("src_ip"u8):
                    ok = JsonField.TryIp(ref reader, "src_ip", out srcIp, out error); break;
                case 6 when name.SequenceEqual("dst_ip"u8):
                    ok = JsonField.TryString(ref reader, "dst_ip", out dstIp, out error); break;
                case 6 when name.SequenceEqual("sensor"u8):
                    ok = JsonField.TryString(ref reader, "sensor", out sensor, out error); break;
                case 6 when name.SequenceEqual("shasum"u8):
                    ok = JsonField.TryString(ref reader, "shasum", out shasum, out error); break;
                case 6 when name.SequenceEqual("compCS"u8):
                    ok = ReadList(ref reader, "compCS", ListComp, ref scratch, ref scratchUsed, listStart, listLength, out error); break;
                case 6 when name.SequenceEqual("system"u8):
                    if (reader.TokenType == JsonTokenType.String) systemHint = ServiceHint(reader.ValueSpan);
                    else JsonField.Skip(ref reader);
                    break;
                case 7 when name.SequenceEqual("eventid"u8):
                    if (reader.TokenType != JsonTokenType.String) { ok = false; error = "field 'eventid' is not a string"; break; }
                    eventName = reader.ValueIsEscaped
                        ? CowrieEventIds.ToEvent(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!))
                        : CowrieEventIds.ToEvent(reader.ValueSpan);
                    break;
                case 7 when name.SequenceEqual("session"u8):
                    ok = JsonField.TryString(ref reader, "session", out session, out error); break;
                case 7 when name.SequenceEqual("version"u8):
                    ok = JsonField.TryString(ref reader, "version", out version, out error); break;
                case 7 when name.SequenceEqual("kexAlgs"u8):
                    ok = ReadList(ref reader, "kexAlgs", ListKex, ref scratch, ref scratchUsed, listStart, listLength, out error); break;
                case 8 when name.SequenceEqual("src_port"u8):
                    ok = JsonField.TryPort(ref reader, "src_port", out srcPort, out error); break;
                case 8 when name.SequenceEqual("dst_port"u8):
                    ok = JsonField.TryPort(ref reader, "dst_port", out dstPort, out error); break;
                case 8 when name.SequenceEqual("username"u8):
                    ok = JsonField.TryString(ref reader, "username", out username, out error); break;
                case 8 when name.SequenceEqual("password"u8):
                    ok = JsonField.TryString(ref reader, "password", out password, out error); break;
                case 8 when name.SequenceEqual("protocol"u8):
                    if (reader.TokenType == JsonTokenType.String) protocol = KnownService(reader.ValueSpan) ?? reader.GetString();
                    else JsonField.Skip(ref reader);
                    break;
                case 9 when name.SequenceEqual("timestamp"u8):
                    ok = JsonField.TryTimestamp(ref reader, "timestamp", out timestamp, out error); haveTimestamp = ok; break;
                default:
                    JsonField.Skip(ref reader);
                    break;
            }
            if (!ok) return false;
        }
        if (!JsonField.OnlyWhitespaceAfter(line, reader.BytesConsumed)) { error = "trailing data after the JSON object"; return false; }

        if (eventName is null) { error = "missing field 'eventid'"; return false; }
        if (srcIp is null) { error = "missing field 'src_ip'"; return false; }
        if (!haveTimestamp) { error = "missing field 'timestamp'"; return false; }

        if (hassh is null && listStart[ListKex] >= 0 && listStart[ListEnc] >= 0 && listStart[ListMac] >= 0 && listStart[ListComp] >= 0)
        {
            var s = scratch!.AsSpan();
            hassh = Hassh.Compute(s.Slice(listStart[ListKex], listLength[ListKex]), s.Slice(listStart[ListEnc], listLength[ListEnc]),
                s.Slice(listStart[ListMac], listLength[ListMac]), s.Slice(listStart[ListComp], listLength[ListComp]));
        }

        var isTcpip = eventName == EventTypes.DirectTcpip || eventName.StartsWith("direct-tcpip", StringComparison.Ordinal);
        var service = protocol
                      ?? (eventName == EventTypes.SessionConnect ? ServiceFromPort(dstPort) : null)
                      ?? (eventName is EventTypes.ClientVersion or EventTypes.ClientKex ? "ssh" : null)
                      ?? systemHint;

        ev = new DecnetEvent
        {
            Id = EventId.FromLine(line),
            Timestamp = timestamp,
            Event = eventName,
            SrcIp = srcIp,
            SrcPort = srcPort,
            Service = service,
            Decky = sensor,
            Session = session,
            Username = username,
            Password = password,
            Command = input,
            SshVersion = version,
            Hassh = hassh,
            Url = url,
            Sha256 = shasum,
            DstHost = isTcpip ? dstIp : null,
            DstPort = isTcpip ? dstPort : null,
        };
        error = null;
        return true;
    }

    /// <summary>Appends a JSON array of strings, comma-joined, to the pooled scratch buffer.</summary>
    private static bool ReadList(ref Utf8JsonReader reader, string field, int list, ref byte[]? scratch, ref int used,
        scoped Span<int> listStart, scoped Span<int> listLength, out string? error)
    {
        error = null;
        if (reader.TokenType != JsonTokenType.StartArray) { error = $"field '{field}' is not an array"; return false; }
        scratch ??= ArrayPool<byte>.Shared.Rent(4096);
        var start = used;
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) { error = $"field '{field}' is not an array of strings"; return false; }
            var need = used + 1 + reader.ValueSpan.Length;
            if (need > scratch.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(need, scratch.Length * 2));
                scratch.AsSpan(0, used).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(scratch);
                scratch = bigger;
            }
            if (!first) scratch[used++] = (byte)',';
            first = false;
            if (reader.ValueIsEscaped) used += reader.CopyString(scratch.AsSpan(used));
            else { reader.ValueSpan.CopyTo(scratch.AsSpan(used)); used += reader.ValueSpan.Length; }
        }
        listStart[list] = start;
        listLength[list] = used - start;
        return true;
    }

    private static string? KnownService(ReadOnlySpan<byte> protocol) =>
        protocol.SequenceEqual("ssh"u8) ? "ssh" : protocol.SequenceEqual("telnet"u8) ? "telnet" : null;

    private static string? ServiceFromPort(int? port) => port switch
    {
        22 or 2222 => "ssh",
        23 or 2223 => "telnet",
        _ => null,
    };

    private static string? ServiceHint(ReadOnlySpan<byte> system) =>
        system.IndexOf("Telnet"u8) >= 0 ? "telnet" : system.IndexOf("SSH"u8) >= 0 ? "ssh" : null;
}
