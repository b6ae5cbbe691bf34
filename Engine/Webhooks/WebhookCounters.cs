namespace Decnet.Engine.Webhooks;

/// <summary>What the dispatcher has done since it started (read from any thread).</summary>
public sealed class WebhookCounters
{
    internal long StoredCount, DeliveredCount, RetriedCount, FailedCount, DeadCount, IntakeDroppedCount, DuplicateCount;

    public long Stored => Interlocked.Read(ref StoredCount);
    public long Delivered => Interlocked.Read(ref DeliveredCount);
    public long Retried => Interlocked.Read(ref RetriedCount);
    public long Failed => Interlocked.Read(ref FailedCount);
    public long Dead => Interlocked.Read(ref DeadCount);
    /// <summary>Events dropped before reaching the outbox because the intake queue was full.</summary>
    public long IntakeDropped => Interlocked.Read(ref IntakeDroppedCount);
    /// <summary>Events not stored again because the same (subscription, event) delivery already existed.</summary>
    public long Duplicates => Interlocked.Read(ref DuplicateCount);
}
