using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Decnet.Engine.Ingest;

namespace Decnet.Engine.Simulation;

/// <summary>
/// Writes simulated events as Cowrie JSON lines (the field names and event ids of Cowrie 2.x, which
/// <see cref="CowrieLineParser"/> reads): the key exchange carries <c>hassh</c> and the four algorithm lists.
/// </summary>
public sealed class CowrieEventWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;

    public CowrieEventWriter(Stream output)
    {
        _output = output;
        _writer = new Utf8JsonWriter(output, Options);
    }

    public void Write(in SimulatedEvent simulated)
    {
        var e = simulated.Event;
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("eventid"u8, CowrieId(e.Event));
        w.WriteString("timestamp"u8, e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        w.WriteString("src_ip"u8, e.SrcIp);
        if (e.Session is not null) w.WriteString("session"u8, e.Session);
        if (e.Decky is not null) w.WriteString("sensor"u8, e.Decky);
        switch (e.Event)
        {
            case EventTypes.SessionConnect:
                if (e.SrcPort is { } port) w.WriteNumber("src_port"u8, port);
                w.WriteString("dst_ip"u8, "10.0.0.2");
                w.WriteNumber("dst_port"u8, 22);
                w.WriteString("protocol"u8, "ssh");
                break;
            case EventTypes.ClientVersion:
                w.WriteString("version"u8, e.SshVersion);
                break;
            case EventTypes.ClientKex:
                var client = simulated.Attacker.Kit.Client;
                w.WriteString("hassh"u8, e.Hassh);
                WriteList(w, "kexAlgs"u8, client.Kex);
                WriteList(w, "encCS"u8, client.Enc);
                WriteList(w, "macCS"u8, client.Mac);
                WriteList(w, "compCS"u8, client.Comp);
                break;
            case EventTypes.LoginFailed or EventTypes.LoginSuccess:
                w.WriteString("username"u8, e.Username);
                w.WriteString("password"u8, e.Password);
                break;
            case EventTypes.CommandInput:
                w.WriteString("input"u8, e.Command);
                break;
            case EventTypes.FileDownload:
                w.WriteString("url"u8, e.Url);
                w.WriteString("shasum"u8, e.Sha256);
                w.WriteString("outfile"u8, "var/lib/cowrie/downloads/" + e.Sha256);
                break;
            case EventTypes.DirectTcpip:
                w.WriteString("dst_ip"u8, e.DstHost);
                if (e.DstPort is { } dst) w.WriteNumber("dst_port"u8, dst);
                break;
        }
        // Cowrie's transport name: what tells the parser these are SSH events.
        w.WriteString("system"u8, "HoneyPotSSHTransport," + e.Session + "," + e.SrcIp);
        w.WriteEndObject();
        w.Flush();
        _output.WriteByte((byte)'\n');
        w.Reset(_output);
    }

    private static void WriteList(Utf8JsonWriter w, ReadOnlySpan<byte> name, string[] items)
    {
        w.WriteStartArray(name);
        foreach (var item in items) w.WriteStringValue(item);
        w.WriteEndArray();
    }

    private static string CowrieId(string decnetEvent) => decnetEvent switch
    {
        EventTypes.SessionConnect => "cowrie.session.connect",
        EventTypes.SessionClosed => "cowrie.session.closed",
        EventTypes.ClientVersion => "cowrie.client.version",
        EventTypes.ClientKex => "cowrie.client.kex",
        EventTypes.LoginFailed => "cowrie.login.failed",
        EventTypes.LoginSuccess => "cowrie.login.success",
        EventTypes.CommandInput => "cowrie.command.input",
        EventTypes.FileDownload => "cowrie.session.file_download",
        EventTypes.DirectTcpip => "cowrie.direct-tcpip.request",
        _ => "cowrie." + decnetEvent,
    };

    public void Dispose() => _writer.Dispose();
}
