namespace Decnet.Engine.Ingest;

/// <summary>The line formats decnet ingests (DESIGN §9).</summary>
public enum InputFormat
{
    /// <summary>Detect from the first non-empty line (see <see cref="FormatDetector"/>).</summary>
    Auto,
    Cowrie,
    Jsonl,
    Rfc5424,
}
