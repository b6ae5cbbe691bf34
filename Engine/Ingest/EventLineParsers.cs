namespace Decnet.Engine.Ingest;

/// <summary>The line parser for each concrete <see cref="InputFormat"/>.</summary>
public static class EventLineParsers
{
    /// <summary>A parser for <paramref name="format"/> (not <see cref="InputFormat.Auto"/>); <paramref name="time"/> gives RFC 5424's receive time.</summary>
    public static IEventLineParser Create(InputFormat format, TimeProvider time) => format switch
    {
        InputFormat.Cowrie => new CowrieLineParser(),
        InputFormat.Jsonl => new JsonlLineParser(),
        InputFormat.Rfc5424 => new Rfc5424Parser(time),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no parser for this format"),
    };
}
