using System.Text.Encodings.Web;
using System.Text.Json;

namespace Decnet.Engine.Ingest;

/// <summary>
/// Writes <see cref="DecnetEvent"/>s as decnet JSONL: one object per line, the field names <see cref="JsonlLineParser"/> reads,
/// nulls omitted, <c>ts</c> in ISO 8601 UTC with 'Z'. Not thread-safe.
/// </summary>
public sealed class JsonlEventWriter : IDisposable, IAsyncDisposable
{
    // The output is a log file, never embedded in HTML: relaxed escaping keeps attacker commands readable
    // (quotes, '<', '&' and non-ASCII stay as they are; control characters are still escaped).
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;
    private readonly bool _leaveOpen;

    public JsonlEventWriter(Stream output, bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        _writer = new Utf8JsonWriter(output, Options);
    }

    /// <summary>Writes one event followed by '\n'.</summary>
    public void Write(DecnetEvent ev)
    {
        WriteObject(_writer, ev);
        _writer.Flush();
        _output.WriteByte((byte)'\n');
        // Reset so the next object is a new top-level value rather than an error.
        _writer.Reset(_output);
    }

    public void Flush() => _output.Flush();

    public Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

    /// <summary>One event as a JSONL line (UTF-8, with the trailing '\n').</summary>
    public static byte[] ToLine(DecnetEvent ev)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new JsonlEventWriter(buffer, leaveOpen: true)) writer.Write(ev);
        return buffer.ToArray();
    }

    /// <summary>Writes the event object (no newline) to any <see cref="Utf8JsonWriter"/>.</summary>
    public static void WriteObject(Utf8JsonWriter writer, DecnetEvent ev)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, ev.Id);
        writer.WriteString("ts"u8, ev.Timestamp.UtcDateTime);
        writer.WriteString("event"u8, ev.Event);
        writer.WriteString("src_ip"u8, ev.SrcIp);
        if (ev.SrcPort is { } srcPort) writer.WriteNumber("src_port"u8, srcPort);
        WriteOptional(writer, "service"u8, ev.Service);
        WriteOptional(writer, "decky"u8, ev.Decky);
        WriteOptional(writer, "session"u8, ev.Session);
        WriteOptional(writer, "username"u8, ev.Username);
        WriteOptional(writer, "password"u8, ev.Password);
        WriteOptional(writer, "command"u8, ev.Command);
        WriteOptional(writer, "ssh_version"u8, ev.SshVersion);
        WriteOptional(writer, "hassh"u8, ev.Hassh);
        WriteOptional(writer, "ja3"u8, ev.Ja3);
        WriteOptional(writer, "user_agent"u8, ev.UserAgent);
        WriteOptional(writer, "url"u8, ev.Url);
        WriteOptional(writer, "sha256"u8, ev.Sha256);
        WriteOptional(writer, "dst_host"u8, ev.DstHost);
        if (ev.DstPort is { } dstPort) writer.WriteNumber("dst_port"u8, dstPort);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (!_leaveOpen) _output.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (!_leaveOpen) await _output.DisposeAsync().ConfigureAwait(false);
    }
}
