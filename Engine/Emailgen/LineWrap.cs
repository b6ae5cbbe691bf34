using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>Wraps plain text at a column on spaces, as mail clients do for text/plain.</summary>
public static class LineWrap
{
    public static string Wrap(string text, int width)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var line in text.Split('\n'))
        {
            if (sb.Length > 0) sb.Append('\n');
            var rest = line.AsSpan();
            while (rest.Length > width)
            {
                var cut = rest[..(width + 1)].LastIndexOf(' ');
                if (cut <= 0) cut = rest.IndexOf(' ');
                if (cut <= 0) break;
                sb.Append(rest[..cut]).Append('\n');
                rest = rest[(cut + 1)..];
            }
            sb.Append(rest);
        }
        return sb.ToString();
    }
}
