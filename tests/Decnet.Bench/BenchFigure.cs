namespace Decnet.Bench;

/// <summary>One measured figure beside the comparison measured in the same run.</summary>
public sealed record BenchFigure(string Name, double Value, string Unit, string Comparison, double ComparisonValue, string ComparisonUnit,
    bool ShowRatio = true)
{
    public override string ToString()
    {
        var ratio = ComparisonValue == 0 || !ShowRatio ? "" : $" (x{Value / ComparisonValue:0.00})";
        return $"{Name,-36} {Format(Value),14} {Unit,-10} vs {Comparison}: {Format(ComparisonValue)} {ComparisonUnit}{ratio}";
    }

    // Small figures (nanoseconds, percentages) keep their decimals; large ones are grouped integers.
    private static string Format(double v) => Math.Abs(v) >= 100 ? v.ToString("N0") : Math.Abs(v) >= 10 ? v.ToString("0.0") : v.ToString("0.00");
}

/// <summary>Median of several runs: the machines are shared and noisy.</summary>
public static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return 0;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
