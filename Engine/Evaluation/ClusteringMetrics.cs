namespace Decnet.Engine.Evaluation;

/// <summary>
/// External clustering metrics from the contingency table of two labellings (true × predicted), in O(n): pair counts
/// come from cluster sizes (Σ C(n,2)), never from enumerating pairs. Definitions follow scikit-learn
/// (adjusted_rand_score, homogeneity_completeness_v_measure), so its published examples are the test oracle.
/// </summary>
public static class ClusteringMetrics
{
    /// <summary>Scores <paramref name="predicted"/> against <paramref name="truth"/>; item i has label truth[i] and predicted[i].</summary>
    public static ClusteringScores Score(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException("both labellings must cover the same items", nameof(predicted));
        var n = truth.Length;
        var trueSizes = new Dictionary<int, long>();
        var predictedSizes = new Dictionary<int, long>();
        // Keyed by the label pair as a tuple: a long key (t << 32 | p) hashes to t ^ p, which is 0 for every cell of
        // identical labellings and made the table quadratic.
        var cells = new Dictionary<(int True, int Predicted), long>();
        for (var i = 0; i < n; i++)
        {
            trueSizes[truth[i]] = trueSizes.GetValueOrDefault(truth[i]) + 1;
            predictedSizes[predicted[i]] = predictedSizes.GetValueOrDefault(predicted[i]) + 1;
            var key = (truth[i], predicted[i]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        // Unordered pair counts: together in both (tp), only in the prediction (fp), only in the truth (fn), in neither (tn).
        double tp = 0, sameTrue = 0, samePredicted = 0;
        foreach (var c in cells.Values) tp += Pairs(c);
        foreach (var a in trueSizes.Values) sameTrue += Pairs(a);
        foreach (var b in predictedSizes.Values) samePredicted += Pairs(b);
        var fp = samePredicted - tp;
        var fn = sameTrue - tp;
        var tn = Pairs(n) - tp - fp - fn;
        var ari = fp == 0 && fn == 0
            ? 1.0
            : 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));

        // Entropies and mutual information in nats (the base cancels in every ratio below).
        var hTrue = Entropy(trueSizes.Values, n);
        var hPredicted = Entropy(predictedSizes.Values, n);
        double mi = 0;
        foreach (var (key, count) in cells)
        {
            var a = trueSizes[key.True];
            var b = predictedSizes[key.Predicted];
            mi += count / (double)n * Math.Log((double)n * count / ((double)a * b));
        }
        mi = Math.Max(mi, 0);
        var homogeneity = hTrue == 0 ? 1.0 : Ratio(mi, hTrue);
        var completeness = hPredicted == 0 ? 1.0 : Ratio(mi, hPredicted);
        var v = homogeneity + completeness == 0 ? 0 : 2 * homogeneity * completeness / (homogeneity + completeness);

        var precision = samePredicted == 0 ? 1.0 : tp / samePredicted;
        var recall = sameTrue == 0 ? 1.0 : tp / sameTrue;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

        long trueSingletons = 0, keptAlone = 0;
        for (var i = 0; i < n; i++)
        {
            if (trueSizes[truth[i]] != 1) continue;
            trueSingletons++;
            if (predictedSizes[predicted[i]] == 1) keptAlone++;
        }
        double? singletonRecall = trueSingletons == 0 ? null : keptAlone / (double)trueSingletons;

        return new ClusteringScores(n, trueSizes.Count, predictedSizes.Count, ari, homogeneity, completeness, v,
            precision, recall, f1, trueSingletons, singletonRecall);
    }

    // Rounding noise of the logarithm sums must not print a perfect score as 0.9999999999999989.
    private static double Ratio(double part, double whole)
    {
        var r = part / whole;
        return Math.Abs(1 - r) < 1e-12 ? 1.0 : Math.Clamp(r, 0, 1);
    }

    private static double Pairs(long size) => size * (size - 1) / 2.0;

    private static double Entropy(IEnumerable<long> sizes, int n)
    {
        double h = 0;
        foreach (var s in sizes)
        {
            var p = s / (double)n;
            h -= p * Math.Log(p);
        }
        return h;
    }
}
