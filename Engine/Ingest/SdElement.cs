using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Decnet.Engine.Ingest;

/// <summary>Reads one RFC 5424 SD-ELEMENT <c>[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]</c>, unescaping <c>\" \\ \]</c>.</summary>
internal static class SdElement
{
    /// <summary>
    /// Consumes one element from <paramref name="s"/> (which starts at '['). Params of a <c>decnet@32473</c> element
    /// go into <paramref name="fields"/> (only the first such element counts); any other element is validated and skipped.
    /// </summary>
    public static bool TryRead(ref ReadOnlySpan<byte> s, ref SdFields fields, ref bool found, [NotNullWhen(false)] out string? error)
    {
        error = null;
        s = s[1..];
        var idEnd = s.IndexOfAny((byte)' ', (byte)']');
        if (idEnd <= 0) { error = "invalid SD-ELEMENT: missing SD-ID or ']'"; return false; }
        var ours = !found && s[..idEnd].SequenceEqual("decnet@32473"u8);
        if (ours) found = true;
        s = s[idEnd..];

        while (true)
        {
            if (s.IsEmpty) { error = "unterminated SD-ELEMENT (no ']')"; return false; }
            if (s[0] == ']') { s = s[1..]; return true; }
            if (s[0] != ' ') { error = "invalid SD-ELEMENT: expected ' ' or ']'"; return false; }
            s = s[1..];
            var eq = s.IndexOf((byte)'=');
            if (eq <= 0 || eq + 1 >= s.Length || s[eq + 1] != '"') { error = "invalid SD-PARAM: expected NAME=\"VALUE\""; return false; }
            var name = s[..eq];
            s = s[(eq + 2)..];
            var end = ClosingQuote(s);
            if (end < 0) { error = $"unterminated value of SD-PARAM '{Encoding.UTF8.GetString(name)}'"; return false; }
            if (ours && SdFields.IsKnown(name)) fields.Set(name, Unescape(s[..end]));
            s = s[(end + 1)..];
        }
    }

    /// <summary>Index of the first '"' not escaped by a backslash, or -1.</summary>
    private static int ClosingQuote(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (true)
        {
            var j = s[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (j < 0) return -1;
            i += j;
            if (s[i] == '"') return i;
            i += 2; // skip the backslash and the character it escapes
            if (i >= s.Length) return -1;
        }
    }

    /// <summary>
    /// PARAM-VALUE text: <c>\"</c>, <c>\\</c> and <c>\]</c> lose their backslash; any other backslash is kept as is (RFC 5424 §6.3.3).
    /// </summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0) return Utf8Interner.Get(raw);
        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is (byte)'"' or (byte)'\\' or (byte)']') i++;
            rented[n++] = raw[i];
        }
        var text = Encoding.UTF8.GetString(rented, 0, n);
        ArrayPool<byte>.Shared.Return(rented);
        return text;
    }
}
