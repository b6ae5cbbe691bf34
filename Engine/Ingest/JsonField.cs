using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Decnet.Engine.Ingest;

/// <summary>Typed reads of the current <see cref="Utf8JsonReader"/> value, each failing with a message that names the field.</summary>
[SkipLocalsInit]
internal static class JsonField
{
    /// <summary>Longest value echoed back in an error message.</summary>
    private const int EchoLimit = 64;

    /// <summary>
    /// <see cref="Utf8JsonReader.Read"/> behind a call: inlined at every call site, the reader's tokenizer made the
    /// parse loop several times larger (and slower: instruction-cache misses) than the work it does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Next(ref Utf8JsonReader reader) => reader.Read();

    /// <summary><see cref="Utf8JsonReader.Skip"/> behind a call, for the same reason as <see cref="Next"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Skip(ref Utf8JsonReader reader) => reader.Skip();

    /// <summary>A string value (JSON null gives null). Other token types are an error.</summary>
    public static bool TryString(ref Utf8JsonReader reader, string field, out string? value, out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.ValueIsEscaped ? reader.GetString() : Utf8Interner.Get(reader.ValueSpan);
                return true;
            case JsonTokenType.Null:
                value = null;
                return true;
            default:
                value = null;
                error = $"field '{field}' is not a string";
                return false;
        }
    }

    /// <summary>A port: a JSON integer (or a string of digits) in 0..65535; null gives null.</summary>
    public static bool TryPort(ref Utf8JsonReader reader, string field, out int? value, out string? error)
    {
        error = null;
        value = null;
        int port;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number when reader.TryGetInt32(out port):
                break;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out port, out var used) && used == reader.ValueSpan.Length:
                break;
            default:
                error = $"invalid port in field '{field}'";
                return false;
        }
        if (port is < 0 or > 65535) { error = $"port out of range in field '{field}': {port}"; return false; }
        value = port;
        return true;
    }

    /// <summary>An IP address string, validated and normalised (see <see cref="IpText"/>).</summary>
    public static bool TryIp(ref Utf8JsonReader reader, string field, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (reader.TokenType != JsonTokenType.String) { error = $"field '{field}' is not a string"; return false; }
        var storage = new Bytes64();
        Span<byte> buffer = storage;
        // An escaped value too long for the buffer stays escaped: these fields are short and it then fails validation.
        ReadOnlySpan<byte> text = reader.ValueIsEscaped && reader.ValueSpan.Length <= buffer.Length
            ? buffer[..reader.CopyString(buffer)]
            : reader.ValueSpan;
        if (!IpText.TryNormalize(text, out var ip)) { error = $"invalid ip in field '{field}': {Echo(text)}"; return false; }
        value = ip;
        return true;
    }

    /// <summary>An ISO 8601 timestamp string (see <see cref="IsoTimestamp"/>).</summary>
    public static bool TryTimestamp(ref Utf8JsonReader reader, string field, out DateTimeOffset value, out string? error)
    {
        value = default;
        error = null;
        if (reader.TokenType != JsonTokenType.String) { error = $"field '{field}' is not a string"; return false; }
        var storage = new Bytes64();
        Span<byte> buffer = storage;
        // An escaped value too long for the buffer stays escaped: these fields are short and it then fails validation.
        ReadOnlySpan<byte> text = reader.ValueIsEscaped && reader.ValueSpan.Length <= buffer.Length
            ? buffer[..reader.CopyString(buffer)]
            : reader.ValueSpan;
        if (!IsoTimestamp.TryParse(text, out value)) { error = $"invalid timestamp in field '{field}': {Echo(text)}"; return false; }
        return true;
    }

    /// <summary>A value quoted for an error message, shortened.</summary>
    public static string Echo(ReadOnlySpan<byte> text)
    {
        var shown = text.Length > EchoLimit ? text[..EchoLimit] : text;
        return "\"" + Encoding.UTF8.GetString(shown) + (text.Length > EchoLimit ? "…\"" : "\"");
    }

    /// <summary>The property name whose opening quote is at <paramref name="position"/> (raw, for error messages).</summary>
    public static string NameAt(ReadOnlySpan<byte> line, long position)
    {
        if (position < 0 || position >= line.Length) return "?";
        var rest = line[((int)position + 1)..];
        var end = rest.IndexOf((byte)'"');
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>True when only JSON whitespace follows position <paramref name="from"/>.</summary>
    public static bool OnlyWhitespaceAfter(ReadOnlySpan<byte> line, long from)
    {
        foreach (var b in line[(int)from..])
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>The one-line reason for a line the JSON reader gave up on: broken JSON, or (GetString on invalid
    /// UTF-8, a number where a string was expected) an unreadable value in the field being read.</summary>
    public static string Failure(Exception ex, ReadOnlySpan<byte> line, long namePosition) => ex is JsonException json
        ? $"invalid JSON at byte {json.BytePositionInLine}"
        : $"unreadable value in field '{NameAt(line, namePosition)}'";
}
