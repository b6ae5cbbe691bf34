namespace Decnet.Engine.GeoIp;

/// <summary>The registry a range came from, stored as one byte per interval.</summary>
public enum RirRegistry : byte
{
    None = 0,
    Afrinic = 1,
    Apnic = 2,
    Arin = 3,
    Lacnic = 4,
    RipeNcc = 5,
    Iana = 6,
}

public static class RirRegistryNames
{
    /// <summary>The name as the delegated-stats files spell it (`ripencc`, `apnic`, ...).</summary>
    public static string Name(this RirRegistry registry) => registry switch
    {
        RirRegistry.Afrinic => "afrinic",
        RirRegistry.Apnic => "apnic",
        RirRegistry.Arin => "arin",
        RirRegistry.Lacnic => "lacnic",
        RirRegistry.RipeNcc => "ripencc",
        RirRegistry.Iana => "iana",
        _ => "",
    };

    public static bool TryParse(ReadOnlySpan<byte> name, out RirRegistry registry)
    {
        registry = name switch
        {
            _ when name.SequenceEqual("afrinic"u8) => RirRegistry.Afrinic,
            _ when name.SequenceEqual("apnic"u8) => RirRegistry.Apnic,
            _ when name.SequenceEqual("arin"u8) => RirRegistry.Arin,
            _ when name.SequenceEqual("lacnic"u8) => RirRegistry.Lacnic,
            _ when name.SequenceEqual("ripencc"u8) => RirRegistry.RipeNcc,
            _ when name.SequenceEqual("iana"u8) => RirRegistry.Iana,
            _ => RirRegistry.None,
        };
        return registry != RirRegistry.None;
    }
}
