using System.Text.Json;

namespace Decnet.Engine.Ingest;

/// <summary>Guesses the <see cref="InputFormat"/> of a file or stream from its first non-empty line.</summary>
public static class FormatDetector
{
    /// <summary>
    /// JSON object with a top-level <c>eventid</c> → Cowrie; with <c>event</c> → Jsonl; <c>&lt;digits&gt;1 </c> → Rfc5424;
    /// anything else → null.
    /// </summary>
    public static InputFormat? Detect(ReadOnlySpan<byte> firstNonEmptyLine)
    {
        var line = firstNonEmptyLine;
        if (line.StartsWith("\uFEFF"u8)) line = line[3..];
        line = line.TrimStart(" \t"u8);
        if (line.IsEmpty) return null;
        if (line[0] == '{') return DetectJson(line);
        if (line[0] == '<') return IsRfc5424Prefix(line) ? InputFormat.Rfc5424 : null;
        return null;
    }

    private static bool IsRfc5424Prefix(ReadOnlySpan<byte> line)
    {
        var i = 1;
        while (i < line.Length && i <= 4 && (uint)(line[i] - '0') <= 9) i++;
        return i > 1 && i <= 4 && line[i..].StartsWith(">1 "u8);
    }

    private static InputFormat? DetectJson(ReadOnlySpan<byte> line)
    {
        // Only top-level names matter; a truncated or broken line still answers from the names read before the damage.
        var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
        var sawEvent = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    if (reader.ValueTextEquals("eventid"u8)) return InputFormat.Cowrie;
                    if (reader.ValueTextEquals("event"u8)) sawEvent = true;
                }
                else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) break;
            }
        }
        catch (JsonException)
        {
            // Fall through with what was seen.
        }
        return sawEvent ? InputFormat.Jsonl : null;
    }
}
