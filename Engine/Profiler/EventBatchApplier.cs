using Decnet.Engine.Ingest;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Profiler;

/// <summary>
/// The ingest write path: drops already-ingested events, folds the rest into their IPs' profiles and records their
/// ids — all in one transaction, so a batch is applied entirely or not at all (and re-sending it after a failure is
/// safe). Each touched profile is loaded and written once per batch.
/// </summary>
public sealed class EventBatchApplier(DecnetStore store, ILogger? logger = null, IAttackerGeoSource? geo = null)
{
    public BatchResult Apply(IReadOnlyList<DecnetEvent> events)
    {
        if (events.Count == 0) return BatchResult.Empty;

        // Pure CPU work (hashing non-hex ids) stays outside the write lock.
        var keys = new UInt128[events.Count];
        for (var i = 0; i < events.Count; i++)
            keys[i] = string.IsNullOrEmpty(events[i].Id) ? default : EventIdKey.From(events[i].Id);

        return store.InTransaction(() =>
        {
            var ledger = store.SeenEvents;
            var inBatch = new HashSet<UInt128>(events.Count);
            var accepted = new List<UInt128>(events.Count);
            var byIp = new Dictionary<string, List<DecnetEvent>>(StringComparer.Ordinal);
            var ipOrder = new List<string>();
            int duplicates = 0, rejected = 0;
            DecnetEvent? firstRejected = null;

            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (string.IsNullOrEmpty(e.Id) || string.IsNullOrWhiteSpace(e.SrcIp))
                {
                    rejected++;
                    firstRejected ??= e;
                    continue;
                }
                if (!inBatch.Add(keys[i]) || ledger.Contains(keys[i]))
                {
                    duplicates++;
                    continue;
                }
                accepted.Add(keys[i]);
                if (!byIp.TryGetValue(e.SrcIp, out var list))
                {
                    byIp[e.SrcIp] = list = [];
                    ipOrder.Add(e.SrcIp);
                }
                list.Add(e);
            }

            var newIps = new List<string>();
            var updatedIps = new List<string>();
            foreach (var ip in ipOrder)
            {
                var existing = store.Attackers.Get(ip);
                store.Attackers.Upsert(Stamp(ProfileUpdater.Apply(existing, byIp[ip])));
                (existing == null ? newIps : updatedIps).Add(ip);
            }
            if (accepted.Count > 0) ledger.Record(accepted);

            if (rejected > 0 && logger != null)
                logger.LogWarning("skipped {Rejected} event(s) without id or src_ip (first: id '{Id}', event '{Event}')",
                    rejected, firstRejected!.Id, firstRejected.Event);
            return new BatchResult(accepted.Count, duplicates, rejected, newIps, updatedIps);
        });
    }

    /// <summary>Enrichment on first sighting and whenever the geo data changed; never a stall (the source is in memory).</summary>
    private AttackerProfile Stamp(AttackerProfile profile) =>
        geo is null || profile.Geo?.DataVersion == geo.DataVersion ? profile : profile with { Geo = geo.Resolve(profile.Ip) };
}
