namespace Decnet.Bench;

/// <summary>One measured figure beside the comparison measured in the same run.</summary>
public sealed record BenchFigure(string Name, double Value, string Unit, string Comparison, double ComparisonValue, string ComparisonUnit)
{
    public override string ToString()
    {
        var ratio = ComparisonValue == 0 ? "" : $" (x{Value / ComparisonValue:0.00})";
        return $"{Name,-36} {Value,14:N0} {Unit,-10} vs {Comparison}: {ComparisonValue:N0} {ComparisonUnit}{ratio}";
    }
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
