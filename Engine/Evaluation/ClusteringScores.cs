namespace Decnet.Engine.Evaluation;

/// <summary>
/// Agreement of a predicted clustering with the true one over the same items (see <see cref="ClusteringMetrics"/>).
/// </summary>
/// <param name="Items">Items compared.</param>
/// <param name="TrueClusters">Clusters in the truth.</param>
/// <param name="PredictedClusters">Clusters in the prediction.</param>
/// <param name="AdjustedRandIndex">Rand index corrected for chance: 1 identical, ≈0 random, can be negative.</param>
/// <param name="Homogeneity">1 when every predicted cluster holds members of a single true cluster.</param>
/// <param name="Completeness">1 when all members of each true cluster land in one predicted cluster.</param>
/// <param name="VMeasure">Harmonic mean of homogeneity and completeness.</param>
/// <param name="PairPrecision">Of the pairs put together, the share truly together (1 when none were put together).</param>
/// <param name="PairRecall">Of the pairs truly together, the share put together (1 when there are none).</param>
/// <param name="PairF1">Harmonic mean of pair precision and recall.</param>
/// <param name="TrueSingletons">Items alone in their true cluster.</param>
/// <param name="SingletonRecall">Share of true singletons predicted alone; null when there are no true singletons.</param>
public sealed record ClusteringScores(
    long Items,
    long TrueClusters,
    long PredictedClusters,
    double AdjustedRandIndex,
    double Homogeneity,
    double Completeness,
    double VMeasure,
    double PairPrecision,
    double PairRecall,
    double PairF1,
    long TrueSingletons,
    double? SingletonRecall);
