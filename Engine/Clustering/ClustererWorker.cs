using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;

namespace Decnet.Engine.Clustering;

/// <summary>
/// The `clusterer` worker: wakes on attacker.observed/attacker.scored, re-links only the attackers they name; the first
/// tick, a lost event (subscription overflow) or a store that holds attackers the graph does not know trigger a full link.
/// </summary>
public sealed class ClustererWorker(StoreGate store, IdentityClusterer clusterer) : Worker
{
    public const string WorkerName = "clusterer";
    private const int QueueCapacity = 65_536;
    private BusSubscription? _events;
    private long _overflowSeen;

    public override string Name => WorkerName;
    public override IReadOnlyList<string> WakePatterns => [TopicPatterns.AnyAttacker];

    public override Task StartAsync(WorkerContext context, CancellationToken ct)
    {
        _events = context.Bus?.Subscribe(TopicPatterns.AnyAttacker, QueueCapacity, System.Threading.Channels.BoundedChannelFullMode.DropOldest);
        return Task.CompletedTask;
    }

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (_events is not null)
            while (_events.Reader.TryRead(out var envelope))
                if (IpOf(envelope.Payload.Span) is { } ip) changed.Add(ip);
        var overflow = _events?.Overflow ?? 0;
        var lost = overflow != _overflowSeen;
        _overflowSeen = overflow;
        var graph = clusterer.Graph;
        var full = graph is null || lost || (changed.Count == 0 && store.Use(s => s.Attackers.Count()) != graph.Count);
        clusterer.Tick(store, context.Bus, full ? null : changed);
        return Task.CompletedTask;
    }

    public override Task StopAsync(WorkerContext context, CancellationToken ct)
    {
        _events?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The "ip" of an attacker.* payload, or null.</summary>
    public static string? IpOf(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("ip") && reader.Read() && reader.TokenType == JsonTokenType.String)
                    return reader.GetString();
        }
        catch (JsonException) { }
        return null;
    }
}
