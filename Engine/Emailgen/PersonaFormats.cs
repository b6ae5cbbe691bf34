using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// Personas as text, for `personas export` and `personas import`: a JSON array of objects (snake_case fields, the
/// same as `personas list --json`) or tab-separated lines under a header. Import takes either, detected by the first
/// character.
/// </summary>
public static class PersonaFormats
{
    public static readonly string[] Columns = ["email", "first_name", "last_name", "role", "department", "language", "timezone", "work_start", "work_end", "style", "scope"];

    public static string ToJson(IEnumerable<Persona> personas, bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartArray();
            foreach (var p in personas) WriteObject(w, p);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string ToJsonObject(Persona p)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) WriteObject(w, p);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteObject(Utf8JsonWriter w, Persona p)
    {
        w.WriteStartObject();
        w.WriteString("email", p.Email);
        w.WriteString("name", p.DisplayName);
        w.WriteString("first_name", p.FirstName);
        w.WriteString("last_name", p.LastName);
        w.WriteString("role", p.Role);
        w.WriteString("department", p.Department);
        w.WriteString("language", p.Language);
        w.WriteString("timezone", p.TimeZone);
        w.WriteNumber("work_start", p.WorkStartHour);
        w.WriteNumber("work_end", p.WorkEndHour);
        w.WriteString("style", Persona.StyleName(p.Style));
        w.WriteString("scope", p.Scope);
        w.WriteEndObject();
    }

    public static string ToTsv(IEnumerable<Persona> personas)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join('\t', Columns)).Append('\n');
        foreach (var p in personas)
            sb.Append(string.Join('\t', p.Email, p.FirstName, p.LastName, p.Role, p.Department, p.Language, p.TimeZone,
                p.WorkStartHour, p.WorkEndHour, Persona.StyleName(p.Style), p.Scope)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Parses JSON or TSV. Bad entries are reported in <paramref name="errors"/> (naming the entry and field); the rest are kept.</summary>
    public static IReadOnlyList<Persona> Parse(string text, string source, List<string> errors)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return trimmed.StartsWith('[') ? ParseJson(trimmed, source, errors) : ParseTsv(text, source, errors);
    }

    private static List<Persona> ParseJson(string text, string source, List<string> errors)
    {
        var result = new List<Persona>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException e) { errors.Add($"{source}: not valid JSON ({e.Message})"); return result; }
        using (doc)
        {
            var i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                i++;
                string? Str(string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                string? Num(string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Str(name);
                var fields = Columns.Select(c => c is "work_start" or "work_end" ? Num(c) : Str(c)).ToArray();
                if (Build(fields, $"{source}: entry {i}", errors) is { } p) result.Add(p);
            }
        }
        return result;
    }

    private static List<Persona> ParseTsv(string text, string source, List<string> errors)
    {
        var result = new List<Persona>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("email\t", StringComparison.Ordinal)) continue;
            var cells = line.Split('\t');
            if (cells.Length < Columns.Length - 1)
            {
                errors.Add($"{source}:{lineNo}: expected {Columns.Length} tab-separated fields ({string.Join(", ", Columns)}), got {cells.Length}");
                continue;
            }
            if (Build(cells.Concat(Enumerable.Repeat<string?>(null, Columns.Length - cells.Length)).ToArray()!, $"{source}:{lineNo}", errors) is { } p) result.Add(p);
        }
        return result;
    }

    private static Persona? Build(string?[] f, string where, List<string> errors)
    {
        for (var i = 0; i < 10; i++)
            if (string.IsNullOrWhiteSpace(f[i])) { errors.Add($"{where}: field '{Columns[i]}' is missing"); return null; }
        var email = f[0]!.Trim().ToLowerInvariant();
        var at = email.IndexOf('@');
        if (at <= 0 || !PersonaGenerator.IsValidDomain(email[(at + 1)..]) || !MaildirSpool.IsValidName(email[..at]))
        {
            errors.Add($"{where}: field 'email': '{f[0]}' is not an address like first.last@corp.example");
            return null;
        }
        if (!int.TryParse(f[7], out var start) || !int.TryParse(f[8], out var end) || start is < 0 or > 23 || end <= start || end > 24)
        {
            errors.Add($"{where}: fields 'work_start'/'work_end': '{f[7]}'-'{f[8]}' are not hours with 0 <= start < end <= 24");
            return null;
        }
        if (Persona.ParseStyle(f[9]) is not { } style)
        {
            errors.Add($"{where}: field 'style': '{f[9]}' is not formal, casual or terse");
            return null;
        }
        return new Persona(email, f[1]!.Trim(), f[2]!.Trim(), f[3]!.Trim(), f[4]!.Trim(), f[5]!.Trim(), f[6]!.Trim(), start, end, style,
            string.IsNullOrWhiteSpace(f[10]) ? Persona.GlobalScope : f[10]!.Trim());
    }
}
