namespace Decnet.Storage;

/// <summary>Which attackers `attackers list` keeps: registered in <see cref="Country"/> and/or announced by <see cref="Asn"/>.</summary>
public sealed record AttackerFilter(string? Country, uint? Asn);

public enum AttackerGrouping { Country, Asn }

/// <summary>One row of `attackers stats`: the group key (country code or AS number; empty = not enriched).</summary>
public sealed record AttackerGroupCount(string Key, string? Label, long Attackers, long Events);
