namespace Decnet.Engine.Ingest;

/// <summary>
/// Turns the lines of one source into <see cref="EventBatch"/>es: numbers lines, detects the format on the first
/// non-empty line when asked to, parses, and keeps malformed counts and samples.
/// </summary>
internal sealed class EventBatchBuilder(string sourceName, InputFormat format, TimeProvider time, int batchSize)
{
    private IEventLineParser? _parser = format == InputFormat.Auto ? null : EventLineParsers.Create(format, time);
    private List<DecnetEvent> _events = new(batchSize);
    private List<string> _samples = [];
    private int _malformed;
    private int _lines;
    private long _lineNumber;

    public bool HasPending => _lines > 0;

    /// <summary>Adds one line; true when the batch is full and should be taken.</summary>
    public bool AddLine(ReadOnlySpan<byte> line)
    {
        _lineNumber++;
        _lines++;
        if (_lineNumber == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        if (LineBytes.IsBlank(line)) return false;

        if (_parser is null)
        {
            var detected = FormatDetector.Detect(line);
            if (detected is null)
            {
                AddMalformed("unrecognised input format (expected Cowrie JSON, decnet JSONL or RFC 5424 syslog)");
                return IsFull;
            }
            _parser = EventLineParsers.Create(detected.Value, time);
        }

        if (_parser.TryParse(line, out var ev, out var error)) _events.Add(ev);
        else AddMalformed(error);
        return IsFull;
    }

    /// <summary>Counts one line that exceeded the line-length cap.</summary>
    public bool AddTooLong(int maxLineBytes)
    {
        _lineNumber++;
        _lines++;
        AddMalformed($"line longer than {maxLineBytes} bytes");
        return IsFull;
    }

    public EventBatch Take()
    {
        var batch = new EventBatch(_events, _malformed, _samples, _lines, _parser?.Format ?? InputFormat.Auto);
        _events = new List<DecnetEvent>(batchSize);
        _samples = [];
        _malformed = 0;
        _lines = 0;
        return batch;
    }

    private bool IsFull => _events.Count + _malformed >= batchSize;

    private void AddMalformed(string reason)
    {
        _malformed++;
        if (_samples.Count < EventBatch.MaxSamples) _samples.Add($"{sourceName}:{_lineNumber}: {reason}");
    }
}
