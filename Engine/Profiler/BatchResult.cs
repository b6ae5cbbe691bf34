namespace Decnet.Engine.Profiler;

/// <summary>What one <see cref="EventBatchApplier.Apply"/> did.</summary>
/// <param name="Accepted">Events applied to profiles (new ids).</param>
/// <param name="Duplicates">Events dropped because their id was already ingested, earlier or in this same batch.</param>
/// <param name="Rejected">Events dropped because they had no id or no source IP (logged).</param>
/// <param name="NewIps">IPs seen for the first time, in order of first appearance in the batch.</param>
/// <param name="UpdatedIps">IPs that already had a profile and got new events.</param>
public sealed record BatchResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<string> NewIps, IReadOnlyList<string> UpdatedIps)
{
    public static BatchResult Empty { get; } = new(0, 0, 0, [], []);
}
