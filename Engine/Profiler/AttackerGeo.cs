namespace Decnet.Engine.Profiler;

/// <summary>
/// Where an attacker's address is registered, from offline RIR and ASN data. <see cref="DataVersion"/> names the data
/// it came from, so a profile is stamped again when the data changes.
/// </summary>
public sealed record AttackerGeo(string? CountryCode, string? CountrySource, uint? Asn, string? AsName, string? Network, string DataVersion);

/// <summary>Resolves an IP to its registration; null when enrichment is off. Never blocks on I/O.</summary>
public interface IAttackerGeoSource
{
    string DataVersion { get; }
    AttackerGeo Resolve(string ip);
}
