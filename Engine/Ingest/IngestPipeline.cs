using System.Threading.Channels;
using Decnet.Engine.Profiler;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Ingest;

/// <summary>One input of an import: a name for messages and a way to open it.</summary>
public sealed record IngestSource(string Name, Func<Stream> Open);

/// <summary>Running totals of an import.</summary>
public sealed record IngestTotals(long Lines, long Accepted, long Duplicates, long Malformed, long NewAttackers, IReadOnlyList<string> Failures);

/// <summary>
/// Reads sources into event batches on one task while the batches are applied on another, so parsing and the
/// store's transaction overlap on two cores. A source that cannot be read is reported and the others still go in.
/// </summary>
public sealed class IngestPipeline(TimeProvider time, ILogger log)
{
    public async Task<IngestTotals> RunAsync(IReadOnlyList<IngestSource> sources, InputFormat format, int batchSize,
        Func<IReadOnlyList<DecnetEvent>, CancellationToken, Task<BatchResult>> apply, Action<string, IngestTotals>? progress,
        CancellationToken ct)
    {
        var batches = Channel.CreateBounded<(string Source, EventBatch Batch)>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var failures = new List<string>();
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var source in sources)
                {
                    try
                    {
                        await using var stream = source.Open();
                        var reader = new EventStreamReader(time);
                        await foreach (var batch in reader.ReadAsync(stream, format, source.Name, batchSize, ct).ConfigureAwait(false))
                            await batches.Writer.WriteAsync((source.Name, batch), ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                    {
                        lock (failures) failures.Add($"{source.Name}: {e.Message}");
                    }
                }
            }
            finally
            {
                batches.Writer.TryComplete();
            }
        }, ct);

        long lines = 0, accepted = 0, duplicates = 0, malformed = 0, newAttackers = 0;
        IngestTotals Totals() { lock (failures) return new(lines, accepted, duplicates, malformed, newAttackers, failures.ToArray()); }
        await foreach (var (source, batch) in batches.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            lines += batch.LinesRead;
            malformed += batch.Malformed;
            foreach (var sample in batch.MalformedSamples) log.LogWarning("malformed: {Sample}", sample);
            var result = await apply(batch.Events, ct).ConfigureAwait(false);
            accepted += result.Accepted;
            duplicates += result.Duplicates;
            newAttackers += result.NewIps.Count;
            progress?.Invoke(source, Totals());
        }
        await producer.ConfigureAwait(false);
        return Totals();
    }
}
