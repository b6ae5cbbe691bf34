namespace Decnet.Engine.Evaluation;

/// <summary>
/// A predicted labelling to evaluate: every attacker IP with the identity and campaign it was assigned
/// (merged identities/campaigns already resolved to their winners). Implemented over a predicted JSONL file
/// (<see cref="AssignmentFileSource"/>) and over the store's identities and campaigns (by the clustering code).
/// </summary>
public interface IClusterAssignmentSource
{
    /// <summary>Keyed by IP text as the profiler stores it; an empty campaign means the identity belongs to none.</summary>
    IReadOnlyDictionary<string, ClusterAssignment> Load(CancellationToken cancellationToken);
}
