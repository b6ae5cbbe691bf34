namespace Decnet.Engine.Evaluation;

/// <summary>
/// Scores at both levels over the truth's IPs. <see cref="Missing"/>: truth IPs the prediction does not list (counted
/// as predicted singletons); <see cref="Extra"/>: predicted IPs not in the truth (ignored).
/// </summary>
public sealed record EvaluationReport(long Ips, long Missing, long Extra, ClusteringScores Identity, ClusteringScores Campaign);
