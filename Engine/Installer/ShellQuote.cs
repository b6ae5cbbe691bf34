using System.Text;

namespace Decnet.Engine.Installer;

/// <summary>POSIX sh quoting, so a recorded command line replays exactly with `sh`.</summary>
public static class ShellQuote
{
    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    public static string Quote(string arg)
    {
        if (arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@%+,".Contains(c))) return arg;
        return "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Splits a line written by <see cref="Join"/> back into its arguments.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inQuote = false;
        var hasToken = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuote)
            {
                if (c == '\'') inQuote = false; else current.Append(c);
            }
            else if (c == '\'') { inQuote = true; hasToken = true; }
            else if (c == '\\' && i + 1 < line.Length) { current.Append(line[++i]); hasToken = true; }
            else if (c == ' ')
            {
                if (hasToken) { args.Add(current.ToString()); current.Clear(); hasToken = false; }
            }
            else { current.Append(c); hasToken = true; }
        }
        if (hasToken) args.Add(current.ToString());
        return args;
    }
}
