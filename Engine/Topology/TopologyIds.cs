namespace Decnet.Engine.Topology;

/// <summary>Topology ids: <c>t</c> + 10 lowercase hex digits, a valid bus topic token and Compose project suffix.</summary>
public static class TopologyIds
{
    public static string New(Random rng)
    {
        Span<byte> bytes = stackalloc byte[5];
        rng.NextBytes(bytes);
        return "t" + Convert.ToHexStringLower(bytes);
    }
}
