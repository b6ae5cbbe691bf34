using Decnet.Engine.Profiler;

namespace Decnet.Storage;

/// <summary>One stored piece of the seen-event ledger: a run of event-id keys (see <see cref="EventIdKey"/>).</summary>
public sealed record LedgerChunk(long Seq, EquatableArray<UInt128> Ids);
