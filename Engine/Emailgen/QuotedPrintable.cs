using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>RFC 2045 quoted-printable for text bodies: lines end in LF, at most 76 characters with soft breaks.</summary>
public static class QuotedPrintable
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length * 11 / 10 + 16);
        var lines = text.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            if (l > 0) sb.Append('\n');
            var bytes = Encoding.UTF8.GetBytes(lines[l]);
            var column = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                // Trailing whitespace would be stripped in transit, so it is encoded; '=' always is.
                var literal = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && !last);
                var width = literal ? 1 : 3;
                // Keep an =XX triple whole and leave room for the soft break '='.
                if (column + width > 75 && !(last && column + width <= 76))
                {
                    sb.Append("=\n");
                    column = 0;
                }
                if (literal) sb.Append((char)b);
                else sb.Append('=').Append(Hex[b >> 4]).Append(Hex[b & 0xf]);
                column += width;
            }
        }
        return sb.ToString();
    }
}
