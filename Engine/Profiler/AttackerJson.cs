using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Decnet.Engine.Profiler;

/// <summary>
/// JSON output of attacker profiles: an array for <c>list</c>, an object for <c>show</c>; snake_case names,
/// timestamps ISO 8601 UTC ("...Z"). Profiles are written one at a time, so a long list is never held as one string.
/// </summary>
public static class AttackerJson
{
    // Commands are full of '<', '>', '&' and quotes; the default encoder would \u-escape them all.
    // The output goes to terminals and files, never into HTML, so the relaxed encoder is right here.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static void WriteList(Stream output, IEnumerable<AttackerProfile> profiles, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(output, indented ? IndentedOptions : WriterOptions);
        writer.WriteStartArray();
        foreach (var profile in profiles)
        {
            JsonSerializer.Serialize(writer, ToDto(profile), AttackerJsonContext.Default.AttackerDto);
            if (writer.BytesPending > 64 * 1024) writer.Flush();
        }
        writer.WriteEndArray();
        writer.Flush();
    }

    public static void WriteOne(Stream output, AttackerProfile profile, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(output, indented ? IndentedOptions : WriterOptions);
        JsonSerializer.Serialize(writer, ToDto(profile), AttackerJsonContext.Default.AttackerDto);
        writer.Flush();
    }

    public static void WriteList(TextWriter output, IEnumerable<AttackerProfile> profiles, bool indented = false,
        Func<string, (string? Identity, string? Campaign)>? clusters = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, indented ? IndentedOptions : WriterOptions);
        writer.WriteStartArray();
        foreach (var profile in profiles)
        {
            JsonSerializer.Serialize(writer, ToDto(profile, clusters), AttackerJsonContext.Default.AttackerDto);
            writer.Flush();
            Drain(buffer, output);
        }
        writer.WriteEndArray();
        writer.Flush();
        Drain(buffer, output);
    }

    public static void WriteOne(TextWriter output, AttackerProfile profile, bool indented = false,
        Func<string, (string? Identity, string? Campaign)>? clusters = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? IndentedOptions : WriterOptions))
            JsonSerializer.Serialize(writer, ToDto(profile, clusters), AttackerJsonContext.Default.AttackerDto);
        Drain(buffer, output);
    }

    public static string ToJson(AttackerProfile profile, bool indented = false)
    {
        var sw = new StringWriter();
        WriteOne(sw, profile, indented);
        return sw.ToString();
    }

    private static void Drain(ArrayBufferWriter<byte> buffer, TextWriter output)
    {
        if (buffer.WrittenCount == 0) return;
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.ResetWrittenCount();
    }

    public static AttackerDto ToDto(AttackerProfile p) => ToDto(p, null);

    public static AttackerDto ToDto(AttackerProfile p, Func<string, (string? Identity, string? Campaign)>? clusters) => new()
    {
        Ip = p.Ip,
        IdentityId = clusters?.Invoke(p.Ip).Identity,
        CampaignId = clusters?.Invoke(p.Ip).Campaign,
        FirstSeen = p.FirstSeen.UtcDateTime,
        LastSeen = p.LastSeen.UtcDateTime,
        EventCount = p.EventCount,
        SessionCount = p.SessionCount,
        Sensors = [.. p.Sensors],
        Services = [.. p.Services],
        Credentials = Credentials(p.Credentials),
        SuccessfulLogins = Credentials(p.SuccessfulLogins),
        Commands = Map(p.Commands, static c => new CommandDto { Normalised = c.Normalised, Example = c.Example, Count = c.Count }),
        SshVersions = Counts(p.SshVersions),
        Hassh = Counts(p.Hassh),
        Ja3 = Counts(p.Ja3),
        UserAgents = Counts(p.UserAgents),
        Downloads = Map(p.Downloads, static d => new DownloadDto { Url = d.Url, Sha256 = d.Sha256, Count = d.Count }),
        DirectTcpip = Counts(p.DirectTcpipTargets),
        CountryCode = p.Geo?.CountryCode,
        CountrySource = p.Geo?.CountrySource,
        Asn = p.Geo?.Asn,
        AsName = p.Geo?.AsName,
        Network = p.Geo?.Network,
        Truncated = new TruncatedDto
        {
            Sensors = p.Truncated.Sensors,
            Services = p.Truncated.Services,
            Credentials = p.Truncated.Credentials,
            SuccessfulLogins = p.Truncated.SuccessfulLogins,
            Commands = p.Truncated.Commands,
            SshVersions = p.Truncated.SshVersions,
            Hassh = p.Truncated.Hassh,
            Ja3 = p.Truncated.Ja3,
            UserAgents = p.Truncated.UserAgents,
            Downloads = p.Truncated.Downloads,
            DirectTcpip = p.Truncated.DirectTcpipTargets,
        },
    };

    private static CredentialDto[] Credentials(EquatableArray<CredentialEntry> list) =>
        Map(list, static c => new CredentialDto { Username = c.Username, Password = c.Password, Count = c.Count, FirstSeen = c.FirstSeen.UtcDateTime });

    private static ValueCountDto[] Counts(EquatableArray<ValueCount> list) =>
        Map(list, static v => new ValueCountDto { Value = v.Value, Count = v.Count });

    private static TOut[] Map<TIn, TOut>(EquatableArray<TIn> list, Func<TIn, TOut> map)
    {
        var result = new TOut[list.Count];
        for (var i = 0; i < result.Length; i++) result[i] = map(list[i]);
        return result;
    }
}
