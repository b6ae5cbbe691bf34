namespace Decnet.Engine.Ingest;

/// <summary>
/// A run of consecutive lines from one source: the events parsed from them, how many were malformed (with at most
/// <see cref="MaxSamples"/> samples, each <c>"source:line: reason"</c>), and how many lines were consumed (blank ones included).
/// <see cref="Format"/> is the format in use (<see cref="InputFormat.Auto"/> while still undetected).
/// </summary>
public sealed record EventBatch(
    IReadOnlyList<DecnetEvent> Events,
    int Malformed,
    IReadOnlyList<string> MalformedSamples,
    int LinesRead,
    InputFormat Format)
{
    public const int MaxSamples = 5;
}
