namespace Decnet.Engine.Clustering;

/// <summary>An edge that joined two units (attackers or identities, by index) with its score.</summary>
public readonly record struct LinkEdge(int A, int B, double Score);
