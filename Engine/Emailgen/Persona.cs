namespace Decnet.Engine.Emailgen;

/// <summary>How a persona writes: greeting, sign-off and how much it says.</summary>
public enum WritingStyle { Formal, Casual, Terse }

/// <summary>
/// One fictional employee whose mail fills a decky's mailboxes. <see cref="Email"/> is the key; <see cref="Scope"/> is
/// "global" or the topology the persona belongs to. Working hours are local hours [start, end) in <see cref="TimeZone"/>
/// (an IANA name), Monday to Friday.
/// </summary>
public sealed record Persona(
    string Email,
    string FirstName,
    string LastName,
    string Role,
    string Department,
    string Language,
    string TimeZone,
    int WorkStartHour,
    int WorkEndHour,
    WritingStyle Style,
    string Scope = Persona.GlobalScope)
{
    public const string GlobalScope = "global";

    public string DisplayName => FirstName + " " + LastName;
    public string LocalPart => Email[..Email.IndexOf('@')];
    public string Domain => Email[(Email.IndexOf('@') + 1)..];

    public static string StyleName(WritingStyle style) => style switch
    {
        WritingStyle.Formal => "formal",
        WritingStyle.Casual => "casual",
        _ => "terse",
    };

    public static WritingStyle? ParseStyle(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "formal" => WritingStyle.Formal,
        "casual" => WritingStyle.Casual,
        "terse" => WritingStyle.Terse,
        _ => null,
    };
}
