using System.Diagnostics.CodeAnalysis;

namespace Decnet.Engine.Ingest;

/// <summary>Turns one input line (or one syslog message) into a <see cref="DecnetEvent"/>. Implementations are stateless and thread-safe.</summary>
public interface IEventLineParser
{
    InputFormat Format { get; }

    /// <summary>
    /// Parses <paramref name="line"/> (a trailing CR/LF is tolerated). On failure <paramref name="error"/> is a one-line
    /// reason naming the offending field, without the source/line prefix (the caller adds it).
    /// </summary>
    bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out DecnetEvent? ev, [NotNullWhen(false)] out string? error);
}
