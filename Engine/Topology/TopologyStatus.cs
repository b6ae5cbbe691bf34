namespace Decnet.Engine.Topology;

/// <summary>Where a topology is in its life (issue 7 §4). Stored and printed by <see cref="TopologyStatusNames"/>.</summary>
public enum TopologyStatus
{
    Pending,
    Deploying,
    Active,
    Degraded,
    Failed,
    TearingDown,
    TornDown,
}

public static class TopologyStatusNames
{
    private static readonly TopologyStatus[] Values =
    [
        TopologyStatus.Pending, TopologyStatus.Deploying, TopologyStatus.Active, TopologyStatus.Degraded,
        TopologyStatus.Failed, TopologyStatus.TearingDown, TopologyStatus.TornDown,
    ];

    public static IReadOnlyList<TopologyStatus> All => Values;

    public static string Name(this TopologyStatus s) => s switch
    {
        TopologyStatus.Pending => "pending",
        TopologyStatus.Deploying => "deploying",
        TopologyStatus.Active => "active",
        TopologyStatus.Degraded => "degraded",
        TopologyStatus.Failed => "failed",
        TopologyStatus.TearingDown => "tearing_down",
        TopologyStatus.TornDown => "torn_down",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static bool TryParse(string? text, out TopologyStatus status)
    {
        foreach (var v in Values)
            if (v.Name() == text) { status = v; return true; }
        status = default;
        return false;
    }
}
