namespace Decnet.Engine.Clustering;

/// <summary>
/// Per value, up to three of the distinct tools (client fingerprints) of its holders: enough to tell a private list
/// (one tool) from a public one (<see cref="LinkWeights.ListStepTools"/> or <see cref="LinkWeights.ListCredentialTools"/>
/// tools), kept as holders are added without counting (value, tool) pairs.
/// </summary>
public sealed class ValueTools
{
    private const int Slots = 3;
    private const int Empty = int.MinValue;
    private int[] _tools = [];

    public void Grow(int valueCount)
    {
        if (_tools.Length >= valueCount * Slots) return;
        var old = _tools.Length;
        Array.Resize(ref _tools, Math.Max(valueCount, old / Slots * 2) * Slots);
        Array.Fill(_tools, Empty, old, _tools.Length - old);
    }

    public void Add(int id, int tool)
    {
        var at = id * Slots;
        for (var k = 0; k < Slots; k++)
        {
            var t = _tools[at + k];
            if (t == tool) return;
            if (t == Empty) { _tools[at + k] = tool; return; }
        }
    }

    /// <summary>Distinct tools seen, at most three.</summary>
    public int Count(int id)
    {
        var at = id * Slots;
        var c = 0;
        while (c < Slots && _tools[at + c] != Empty) c++;
        return c;
    }

    /// <summary>A unit's tool: its client fingerprint (the HASSH with the smallest key, whatever order ids were given in), else a tool of its own.</summary>
    public static int ToolOf(int[] unit, int unitIndex, ValueTable values)
    {
        var tool = -2 - unitIndex;
        ulong best = ulong.MaxValue;
        foreach (var id in unit)
            if (values.Kind(id) == FeatureKind.Hassh && values.Key(id) < best) { best = values.Key(id); tool = id; }
        return tool;
    }
}
