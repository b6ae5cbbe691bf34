using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>RFC 5322 header values: RFC 2047 encoded-words for non-ASCII text, quoting of display names, folding.</summary>
public static class HeaderEncoding
{
    /// <summary>UTF-8 bytes per B-encoded word: 45 bytes → 60 base64 chars, 72 with the =?utf-8?B?...?= frame.</summary>
    private const int WordBytes = 45;

    public static bool IsAscii(string s)
    {
        foreach (var c in s) if (c > 0x7e || (c < 0x20 && c != '\t')) return false;
        return true;
    }

    /// <summary>Unstructured text (Subject): as is when ASCII (folded on spaces), else encoded-words joined by folds.</summary>
    public static string Unstructured(string text, int nameLength)
    {
        if (IsAscii(text)) return Fold(text, nameLength);
        return string.Join("\n ", EncodedWords(text));
    }

    /// <summary>One mailbox: <c>Name &lt;addr&gt;</c>, the name quoted when it has specials, encoded when it is not ASCII.</summary>
    public static string Mailbox(string displayName, string address)
    {
        if (!IsAscii(displayName)) return $"{string.Join(" ", EncodedWords(displayName))} <{address}>";
        var plain = displayName.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '\'' or '!' or '#' or '$' or '%' or '&' or '*' or '+' or '/' or '=' or '?' or '^' or '_' or '`' or '{' or '|' or '}' or '~');
        return plain ? $"{displayName} <{address}>" : $"\"{displayName.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" <{address}>";
    }

    /// <summary>A list of mailboxes, one per folded line after the first.</summary>
    public static string MailboxList(IEnumerable<Persona> people) =>
        string.Join(",\n ", people.Select(p => Mailbox(p.DisplayName, p.Email)));

    /// <summary>Splits on character boundaries so that no encoded-word holds half a UTF-8 sequence.</summary>
    public static IEnumerable<string> EncodedWords(string text)
    {
        var start = 0;
        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var len = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var n = Encoding.UTF8.GetByteCount(text.AsSpan(i, len));
            if (bytes + n > WordBytes)
            {
                yield return Word(text.AsSpan(start, i - start));
                start = i;
                bytes = 0;
            }
            bytes += n;
            i += len - 1;
        }
        if (start < text.Length || text.Length == 0) yield return Word(text.AsSpan(start));
    }

    private static string Word(ReadOnlySpan<char> chunk) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk.ToArray())) + "?=";

    /// <summary>Folds ASCII text on spaces so no line exceeds 78 characters (the header name counts on the first).</summary>
    public static string Fold(string text, int nameLength)
    {
        if (nameLength + 2 + text.Length <= 78) return text;
        var sb = new StringBuilder(text.Length + 8);
        var lineLength = nameLength + 2;
        foreach (var word in text.Split(' '))
        {
            if (sb.Length > 0)
            {
                if (lineLength + 1 + word.Length > 78) { sb.Append("\n "); lineLength = 1; }
                else { sb.Append(' '); lineLength++; }
            }
            sb.Append(word);
            lineLength += word.Length;
        }
        return sb.ToString();
    }
}
