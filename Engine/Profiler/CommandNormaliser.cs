using System.Text.RegularExpressions;

namespace Decnet.Engine.Profiler;

/// <summary>
/// Reduces a shell command to the shape that stays the same when one tool runs against different hosts:
/// whitespace collapsed, then URLs → &lt;url&gt;, escaped byte strings and long hex/base64 runs → &lt;blob&gt;,
/// IPv4 addresses → &lt;ip&gt;, numbers of 4+ digits → &lt;n&gt;. Order matters: URLs go first so an IP inside
/// a URL does not leave a half-replaced URL behind.
/// </summary>
public static partial class CommandNormaliser
{
    public const string Url = "<url>";
    public const string Ip = "<ip>";
    public const string Blob = "<blob>";
    public const string Number = "<n>";

    public static string Normalise(string raw)
    {
        var s = Whitespace().Replace(raw.Trim(), " ");
        if (s.Length == 0) return s;
        s = UrlPattern().Replace(s, Url);
        s = EscapedBytes().Replace(s, Blob);
        s = IPv4().Replace(s, Ip);
        s = HexRun().Replace(s, static m => m.ValueSpan.IndexOfAnyInRange('0', '9') >= 0 && !IsAllDigits(m.ValueSpan) ? Blob : m.Value);
        s = Base64Run().Replace(s, static m => LooksLikeBase64(m.ValueSpan) ? Blob : m.Value);
        s = LongNumber().Replace(s, Number);
        return s;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s) => s.IndexOfAnyExceptInRange('0', '9') < 0;

    // A long run of base64 characters is a blob only when it mixes cases and digits (long plain words are not),
    // and does not start with '/' (that is a path like /var/lib/Docker2Files/SomeName).
    private static bool LooksLikeBase64(ReadOnlySpan<char> s) =>
        s[0] != '/' && s.IndexOfAnyInRange('a', 'z') >= 0 && s.IndexOfAnyInRange('A', 'Z') >= 0 && s.IndexOfAnyInRange('0', '9') >= 0;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s'""`;|&)]+")]
    private static partial Regex UrlPattern();

    // echo -e '\x41\x4b\x34\x37' — Mirai-style escaped bytes; every bot build differs in them.
    [GeneratedRegex(@"(?:\\x[0-9A-Fa-f]{2}){4,}")]
    private static partial Regex EscapedBytes();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)")]
    private static partial Regex IPv4();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{16,}\b")]
    private static partial Regex HexRun();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}={0,2}")]
    private static partial Regex Base64Run();

    [GeneratedRegex(@"\b\d{4,}\b")]
    private static partial Regex LongNumber();
}
