using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Decnet.Engine.Ingest;

/// <summary>
/// One decnet JSONL line (what <see cref="JsonlEventWriter"/> and <c>decnet simulate</c> write) → <see cref="DecnetEvent"/>.
/// Required: <c>ts</c>, <c>event</c>, <c>src_ip</c>. <c>id</c> is optional (else <see cref="EventId.FromLine"/>); unknown fields are ignored.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public sealed class JsonlLineParser : IEventLineParser
{
    public InputFormat Format => InputFormat.Jsonl;

    public bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out DecnetEvent? ev, [NotNullWhen(false)] out string? error)
    {
        if (line.StartsWith("\uFEFF"u8)) line = line[3..];
        long namePosition = -1;
        try
        {
            return TryParseCore(line, ref namePosition, out ev, out error);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            ev = null;
            error = JsonField.Failure(ex, line, namePosition);
            return false;
        }
    }

    private static bool TryParseCore(ReadOnlySpan<byte> line, ref long namePosition, out DecnetEvent? ev, out string? error)
    {
        ev = null;
        if (LineBytes.IsBlank(line)) { error = "empty line"; return false; }
        var reader = new Utf8JsonReader(line);
        JsonField.Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject) { error = "not a JSON object"; return false; }

        string? id = null, eventName = null, srcIp = null, service = null, decky = null, session = null, username = null;
        string? password = null, command = null, sshVersion = null, hassh = null, ja3 = null, userAgent = null, url = null;
        string? sha256 = null, dstHost = null;
        int? srcPort = null, dstPort = null;
        DateTimeOffset ts = default;
        var haveTs = false;
        var nameStorage = new Bytes32();
        Span<byte> nameBuffer = nameStorage;

        while (JsonField.Next(ref reader))
        {
            if (reader.TokenType == JsonTokenType.EndObject) break;
            ReadOnlySpan<byte> name = reader.ValueIsEscaped && reader.ValueSpan.Length <= nameBuffer.Length
                ? nameBuffer[..reader.CopyString(nameBuffer)]
                : reader.ValueSpan;
            namePosition = reader.TokenStartIndex;
            JsonField.Next(ref reader);
            bool ok;
            error = null;
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8): ok = JsonField.TryString(ref reader, "id", out id, out error); break;
                case 2 when name.SequenceEqual("ts"u8): ok = JsonField.TryTimestamp(ref reader, "ts", out ts, out error); haveTs = ok; break;
                case 3 when name.SequenceEqual("ja3"u8): ok = JsonField.TryString(ref reader, "ja3", out ja3, out error); break;
                case 3 when name.SequenceEqual("url"u8): ok = JsonField.TryString(ref reader, "url", out url, out error); break;
                case 5 when name.SequenceEqual("event"u8): ok = JsonField.TryString(ref reader, "event", out eventName, out error); break;
                case 5 when name.SequenceEqual("decky"u8): ok = JsonField.TryString(ref reader, "decky", out decky, out error); break;
                case 5 when name.SequenceEqual("hassh"u8): ok = JsonField.TryString(ref reader, "hassh", out hassh, out error); break;
                case 6 when name.SequenceEqual("src_ip"u8): ok = JsonField.TryIp(ref reader, "src_ip", out srcIp, out error); break;
                case 6 when name.SequenceEqual("sha256"u8): ok = JsonField.TryString(ref reader, "sha256", out sha256, out error); break;
                case 7 when name.SequenceEqual("service"u8): ok = JsonField.TryString(ref reader, "service", out service, out error); break;
                case 7 when name.SequenceEqual("session"u8): ok = JsonField.TryString(ref reader, "session", out session, out error); break;
                case 7 when name.SequenceEqual("command"u8): ok = JsonField.TryString(ref reader, "command", out command, out error); break;
                case 8 when name.SequenceEqual("src_port"u8): ok = JsonField.TryPort(ref reader, "src_port", out srcPort, out error); break;
                case 8 when name.SequenceEqual("dst_port"u8): ok = JsonField.TryPort(ref reader, "dst_port", out dstPort, out error); break;
                case 8 when name.SequenceEqual("username"u8): ok = JsonField.TryString(ref reader, "username", out username, out error); break;
                case 8 when name.SequenceEqual("password"u8): ok = JsonField.TryString(ref reader, "password", out password, out error); break;
                case 8 when name.SequenceEqual("dst_host"u8): ok = JsonField.TryString(ref reader, "dst_host", out dstHost, out error); break;
                case 10 when name.SequenceEqual("user_agent"u8): ok = JsonField.TryString(ref reader, "user_agent", out userAgent, out error); break;
                case 11 when name.SequenceEqual("ssh_version"u8): ok = JsonField.TryString(ref reader, "ssh_version", out sshVersion, out error); break;
                default: JsonField.Skip(ref reader); ok = true; break;
            }
            if (!ok) return false;
        }
        if (!JsonField.OnlyWhitespaceAfter(line, reader.BytesConsumed)) { error = "trailing data after the JSON object"; return false; }

        if (eventName is null) { error = "missing field 'event'"; return false; }
        if (srcIp is null) { error = "missing field 'src_ip'"; return false; }
        if (!haveTs) { error = "missing field 'ts'"; return false; }

        ev = new DecnetEvent
        {
            Id = string.IsNullOrEmpty(id) ? EventId.FromLine(line) : id,
            Timestamp = ts,
            Event = eventName,
            SrcIp = srcIp,
            SrcPort = srcPort,
            Service = service,
            Decky = decky,
            Session = session,
            Username = username,
            Password = password,
            Command = command,
            SshVersion = sshVersion,
            Hassh = hassh,
            Ja3 = ja3,
            UserAgent = userAgent,
            Url = url,
            Sha256 = sha256,
            DstHost = dstHost,
            DstPort = dstPort,
        };
        error = null;
        return true;
    }
}
