using System.Text;

namespace Decnet.Bus;

/// <summary>
/// A NATS-style subscription pattern: dot-separated tokens where <c>*</c> matches exactly one non-empty
/// token and <c>&gt;</c> (last token only) matches one or more trailing tokens. Matching allocates nothing.
/// </summary>
public sealed class TopicPattern
{
    private enum Kind : byte { Literal, Single, Tail }

    private readonly Kind[] _kinds;
    private readonly char[][] _literals;
    private readonly byte[][] _utf8Literals;

    private TopicPattern(string text, Kind[] kinds, char[][] literals)
    {
        Text = text;
        _kinds = kinds;
        _literals = literals;
        _utf8Literals = literals.Select(l => Encoding.UTF8.GetBytes(l)).ToArray();
        var firstWildcard = Array.FindIndex(kinds, k => k != Kind.Literal);
        SubscriptionPrefix = firstWildcard < 0
            ? text
            : string.Concat(literals.Take(firstWildcard).Select(l => new string(l) + TopicToken.Separator));
        IsLiteral = firstWildcard < 0;
    }

    public string Text { get; }

    /// <summary>The literal text before the first wildcard, used as the transport's prefix filter
    /// (e.g. <c>attacker.</c> for <c>attacker.*</c>, empty for <c>&gt;</c>); exact matching is done by <see cref="Matches(string)"/>.</summary>
    public string SubscriptionPrefix { get; }

    /// <summary>True when the pattern has no wildcard and so matches exactly one topic.</summary>
    public bool IsLiteral { get; }

    public override string ToString() => Text;

    public static bool TryParse(string? text, out TopicPattern pattern, out string error)
    {
        pattern = null!;
        if (string.IsNullOrEmpty(text)) { error = "empty pattern"; return false; }
        var tokens = text.Split(TopicToken.Separator);
        var kinds = new Kind[tokens.Length];
        var literals = new char[tokens.Length][];
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            literals[i] = [];
            if (token == "*") { kinds[i] = Kind.Single; continue; }
            if (token == ">")
            {
                if (i != tokens.Length - 1) { error = $"pattern '{TopicToken.Printable(text)}': '>' may only be the last token"; return false; }
                kinds[i] = Kind.Tail;
                continue;
            }
            if (!TopicToken.IsValid(token, out var tokenError))
            {
                error = $"pattern '{TopicToken.Printable(text)}', token {i + 1}: {tokenError}";
                return false;
            }
            kinds[i] = Kind.Literal;
            literals[i] = token.ToCharArray();
        }
        pattern = new TopicPattern(text, kinds, literals);
        error = "";
        return true;
    }

    public static TopicPattern Parse(string text)
        => TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    public bool Matches(string topic) => topic is not null && Matches(topic.AsSpan());

    public bool Matches(ReadOnlySpan<char> topic) => Match(topic, _kinds, _literals, TopicToken.Separator);

    /// <summary>Matches a UTF-8 topic as it arrives in a transport frame, without decoding it.</summary>
    public bool MatchesUtf8(ReadOnlySpan<byte> topic) => Match(topic, _kinds, _utf8Literals, (byte)TopicToken.Separator);

    private static bool Match<T>(ReadOnlySpan<T> topic, Kind[] kinds, T[][] literals, T dot) where T : unmanaged, IEquatable<T>
    {
        if (topic.IsEmpty) return false;
        var rest = topic;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == Kind.Tail) return HasOnlyNonEmptyTokens(rest, dot);
            var end = rest.IndexOf(dot);
            var token = end < 0 ? rest : rest[..end];
            if (token.IsEmpty) return false;
            if (kinds[i] == Kind.Literal && !token.SequenceEqual(literals[i])) return false;
            if (end < 0)
                return i == kinds.Length - 1; // topic ended: match only if the pattern ends here too
            rest = rest[(end + 1)..];
            if (rest.IsEmpty) return false; // trailing separator: empty last token
        }
        return false; // pattern ended but topic has more tokens
    }

    /// <summary>'>' needs one or more tokens, each non-empty.</summary>
    private static bool HasOnlyNonEmptyTokens<T>(ReadOnlySpan<T> rest, T dot) where T : unmanaged, IEquatable<T>
    {
        if (rest.IsEmpty) return false;
        var previousWasDot = true;
        foreach (var c in rest)
        {
            var isDot = c.Equals(dot);
            if (isDot && previousWasDot) return false;
            previousWasDot = isDot;
        }
        return !previousWasDot;
    }
}
