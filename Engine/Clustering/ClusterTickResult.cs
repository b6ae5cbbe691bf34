namespace Decnet.Engine.Clustering;

/// <summary>What one clustering tick did.</summary>
public sealed record ClusterTickResult(bool Full, int Units, int Reevaluated, int Components, int RecordsWritten, int Events, TimeSpan Elapsed);
