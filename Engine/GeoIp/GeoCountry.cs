namespace Decnet.Engine.GeoIp;

/// <summary>A country lookup without the range around the address (<see cref="GeoResult"/> has it).</summary>
public readonly record struct GeoCountry(GeoStatus Status, string CountryCode, RirRegistry Registry)
{
    /// <summary>Unpacks the lookup tables' payload: status &lt;&lt; 24 | registry &lt;&lt; 16 | country index (see CountryCode.ToIndex).</summary>
    internal static GeoCountry FromPayload(uint payload) =>
        new((GeoStatus)(payload >> 24), Decnet.Engine.GeoIp.CountryCode.FromIndex(payload), (RirRegistry)(byte)(payload >> 16));
}
