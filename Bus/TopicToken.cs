namespace Decnet.Bus;

/// <summary>
/// The rule every topic token obeys: non-empty, and free of '.', '*', '>' and whitespace
/// (control characters are refused too, so a topic can always be logged on one line).
/// </summary>
public static class TopicToken
{
    public const char Separator = '.';
    public const char SingleWildcard = '*';
    public const char TailWildcard = '>';

    public static bool IsValid(ReadOnlySpan<char> token, out string error)
    {
        if (token.IsEmpty) { error = "empty token"; return false; }
        foreach (var c in token)
        {
            if (c is Separator or SingleWildcard or TailWildcard)
            {
                error = $"token '{token}' contains '{c}'";
                return false;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                error = $"token '{Printable(token)}' contains whitespace or a control character";
                return false;
            }
        }
        error = "";
        return true;
    }

    public static bool IsValid(ReadOnlySpan<char> token) => IsValid(token, out _);

    /// <summary>Returns <paramref name="token"/> or throws naming the argument that carried it.</summary>
    public static string Require(string? token, string argumentName)
    {
        ArgumentNullException.ThrowIfNull(token, argumentName);
        if (!IsValid(token, out var error))
            throw new ArgumentException($"invalid topic token for {argumentName}: {error}", argumentName);
        return token;
    }

    internal static string Printable(ReadOnlySpan<char> text)
    {
        var chars = text.ToArray();
        for (var i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i])) chars[i] = '?';
        return new string(chars);
    }
}
