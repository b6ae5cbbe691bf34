using Decnet.Engine.Ingest;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Listener;

/// <summary>
/// Turns one received message into an event: RFC 5424 from deckies, and (for operators who pipe files in)
/// Cowrie JSON or decnet JSONL, detected per message. Malformed input is counted and sampled in the log.
/// </summary>
public sealed class MessageIntake(TimeProvider time, ILogger log, Func<DecnetEvent, bool> sink)
{
    private readonly Rfc5424Parser _syslog = new(time);
    private readonly CowrieLineParser _cowrie = new();
    private readonly JsonlLineParser _jsonl = new();
    private long _received;
    private long _malformed;
    private long _dropped;

    public long Received => Interlocked.Read(ref _received);
    public long Malformed => Interlocked.Read(ref _malformed);
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Accept(ReadOnlySpan<byte> message, string source)
    {
        message = message.Trim("\r\n\0 "u8);
        if (message.IsEmpty) return;
        Interlocked.Increment(ref _received);
        IEventLineParser parser = FormatDetector.Detect(message) switch
        {
            InputFormat.Cowrie => _cowrie,
            InputFormat.Jsonl => _jsonl,
            _ => _syslog,
        };
        // Parsers keep no state between calls, but are not documented thread-safe: one receive loop per parser use.
        bool ok;
        DecnetEvent? ev;
        string? error;
        lock (parser) ok = parser.TryParse(message, out ev, out error);
        if (!ok || ev is null)
        {
            var n = Interlocked.Increment(ref _malformed);
            if (n <= 10 || n % 1000 == 0)
                log.LogWarning("malformed message #{Count} from {Source}: {Error}", n, source, error);
            return;
        }
        if (!sink(ev)) Interlocked.Increment(ref _dropped);
    }
}
