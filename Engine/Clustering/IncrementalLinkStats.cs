namespace Decnet.Engine.Clustering;

/// <summary>One incremental identity link: attackers changed, values whose weight moved (first and second pass), and
/// attackers re-linked in the first pass (region) and in the end (affected components).</summary>
public readonly record struct IncrementalLinkStats(int Changed, int MovedFirst, int Region, int MovedSecond, int Affected);
