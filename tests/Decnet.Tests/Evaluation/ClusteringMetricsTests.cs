using Decnet.Engine.Evaluation;

namespace Decnet.Tests.Evaluation;

/// <summary>Against values known from scikit-learn's documentation and hand computation.</summary>
public class ClusteringMetricsTests
{
    private static ClusteringScores Score(int[] truth, int[] predicted) => ClusteringMetrics.Score(truth, predicted);

    [Test]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 }, 1.0)]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0)] // renaming labels changes nothing
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 4.0 / 7)] // sklearn: 0.5714...
    [Arguments(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 4.0 / 7)] // symmetric
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 0, 0 }, 0.0)]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, -0.5)] // sklearn: worse than chance
    [Arguments(new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2, 3 }, 1.0)] // all singletons on both sides
    [Arguments(new[] { 0, 0, 0, 0 }, new[] { 0, 0, 0, 0 }, 1.0)]
    public async Task AdjustedRandIndex(int[] truth, int[] predicted, double expected)
    {
        await Assert.That(Score(truth, predicted).AdjustedRandIndex).IsEqualTo(expected).Within(1e-12);
    }

    [Test]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0, 1.0, 1.0)]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 1.0, 2.0 / 3, 0.8)] // sklearn: v_measure 0.8
    [Arguments(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 2.0 / 3, 1.0, 0.8)]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 2, 3 }, 1.0, 0.5, 2.0 / 3)] // sklearn: 0.66...
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 0, 0 }, 0.0, 1.0, 0.0)]
    [Arguments(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, 0.0, 0.0, 0.0)]
    public async Task HomogeneityCompletenessVMeasure(int[] truth, int[] predicted, double h, double c, double v)
    {
        var s = Score(truth, predicted);
        await Assert.That(s.Homogeneity).IsEqualTo(h).Within(1e-12);
        await Assert.That(s.Completeness).IsEqualTo(c).Within(1e-12);
        await Assert.That(s.VMeasure).IsEqualTo(v).Within(1e-12);
    }

    [Test]
    public async Task PairwisePrecisionRecallF1FromClusterSizes()
    {
        // True pairs {01,02,12,34}; predicted pairs {01,23,24,34}; together in both: {01,34}.
        var s = Score([0, 0, 0, 1, 1], [0, 0, 1, 1, 1]);
        await Assert.That(s.PairPrecision).IsEqualTo(0.5).Within(1e-12);
        await Assert.That(s.PairRecall).IsEqualTo(0.5).Within(1e-12);
        await Assert.That(s.PairF1).IsEqualTo(0.5).Within(1e-12);

        // Over-merging: precision drops, recall stays perfect.
        var merged = Score([0, 0, 1, 1], [0, 0, 0, 0]);
        await Assert.That(merged.PairPrecision).IsEqualTo(2.0 / 6).Within(1e-12);
        await Assert.That(merged.PairRecall).IsEqualTo(1.0);

        // No pairs on either side: nothing wrong, nothing missed.
        var alone = Score([0, 1, 2], [5, 6, 7]);
        await Assert.That((alone.PairPrecision, alone.PairRecall, alone.PairF1)).IsEqualTo((1.0, 1.0, 1.0));

        // Everything split: precision vacuous, recall 0.
        var split = Score([0, 0, 1, 1], [0, 1, 2, 3]);
        await Assert.That((split.PairPrecision, split.PairRecall, split.PairF1)).IsEqualTo((1.0, 0.0, 0.0));
    }

    [Test]
    public async Task SingletonRecallIsTheShareOfTrueSingletonsPredictedAlone()
    {
        // True singletons: items 0, 1, 2. Predicted: 0 and 1 together, 2 alone.
        var s = Score([0, 1, 2, 3, 3], [0, 0, 1, 2, 2]);
        await Assert.That(s.TrueSingletons).IsEqualTo(3);
        await Assert.That(s.SingletonRecall!.Value).IsEqualTo(1.0 / 3).Within(1e-12);
        await Assert.That(Score([0, 0], [0, 1]).SingletonRecall).IsNull();
    }

    [Test]
    public async Task CountsClustersAndRejectsLengthMismatch()
    {
        var s = Score([0, 0, 1, 2], [0, 1, 1, 1]);
        await Assert.That((s.Items, s.TrueClusters, s.PredictedClusters)).IsEqualTo((4L, 3L, 2L));
        await Assert.That(() => ClusteringMetrics.Score([0, 1], [0])).Throws<ArgumentException>();
    }

    [Test]
    public async Task ScalesLinearlyToAMillionItems()
    {
        const int N = 1_000_000;
        var truth = new int[N];
        var predicted = new int[N];
        for (var i = 0; i < N; i++)
        {
            truth[i] = i / 10;
            predicted[i] = i / 20; // pairs each true cluster with the next: recall 1, precision 45/190
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var s = ClusteringMetrics.Score(truth, predicted);
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20));
        await Assert.That(s.PairRecall).IsEqualTo(1.0);
        await Assert.That(s.PairPrecision).IsEqualTo(90.0 / 190).Within(1e-12);
        await Assert.That(s.Homogeneity).IsEqualTo(1.0 - Math.Log(2) / Math.Log(N / 10.0)).Within(1e-9);

        // Identical labellings (the worst case for a badly hashed contingency table) are just as fast.
        clock.Restart();
        var same = ClusteringMetrics.Score(truth, truth);
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20));
        await Assert.That(same.AdjustedRandIndex).IsEqualTo(1.0);
    }
}
