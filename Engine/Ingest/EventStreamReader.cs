using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Decnet.Engine.Ingest;

/// <summary>
/// Reads events from a stream of lines (a file, stdin, a pipe): gzip is recognised by its magic bytes (1f 8b), not a
/// file name; lines are split in a pooled buffer; the format is detected from the first non-empty line when
/// <see cref="InputFormat.Auto"/>. Malformed lines are counted and sampled, never fatal. For RFC 5424, one line is one message.
/// </summary>
public sealed class EventStreamReader(TimeProvider time)
{
    /// <summary>Lines longer than this are counted as malformed and skipped.</summary>
    public const int MaxLineBytes = 1 << 20;

    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];

    /// <summary>
    /// Yields batches of up to <paramref name="batchSize"/> lines' worth of events (events + malformed), the last one
    /// possibly smaller. The caller owns (and disposes) <paramref name="stream"/>.
    /// </summary>
    public async IAsyncEnumerable<EventBatch> ReadAsync(Stream stream, InputFormat format, string sourceName, int batchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var builder = new EventBatchBuilder(sourceName, format, time, batchSize);
        using var splitter = new LineSplitter(MaxLineBytes);

        var magic = new byte[2];
        var sniffed = await stream.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        Stream? gzip = null;
        var source = stream;
        if (sniffed == 2 && magic.AsSpan().SequenceEqual(GzipMagic))
        {
            source = gzip = new GZipStream(new PrefixedStream(magic, sniffed, stream), CompressionMode.Decompress);
        }
        else
        {
            magic.AsSpan(0, sniffed).CopyTo(splitter.GetReadBuffer().Span);
            splitter.Commit(sniffed);
        }

        try
        {
            var eof = false;
            while (true)
            {
                while (Drain(splitter, builder)) yield return builder.Take();
                if (eof) break;
                cancellationToken.ThrowIfCancellationRequested();
                var read = await source.ReadAsync(splitter.GetReadBuffer(), cancellationToken).ConfigureAwait(false);
                if (read == 0) { splitter.Complete(); eof = true; }
                else splitter.Commit(read);
            }
            if (builder.HasPending) yield return builder.Take();
        }
        finally
        {
            if (gzip is not null) await gzip.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Synchronous form of <see cref="ReadAsync"/> (benchmarks, small files); one code path for both.</summary>
    public IEnumerable<EventBatch> Read(Stream stream, InputFormat format, string sourceName, int batchSize) =>
        ReadAsync(stream, format, sourceName, batchSize, CancellationToken.None).ToBlockingEnumerable();

    /// <summary>Feeds every complete line to the builder; true as soon as a batch is full (call again after taking it).</summary>
    private static bool Drain(LineSplitter splitter, EventBatchBuilder builder)
    {
        while (true)
        {
            switch (splitter.TryReadLine(out var line))
            {
                case LineSplitter.LineKind.None:
                    return false;
                case LineSplitter.LineKind.TooLong:
                    if (builder.AddTooLong(MaxLineBytes)) return true;
                    break;
                default:
                    if (builder.AddLine(line)) return true;
                    break;
            }
        }
    }
}
