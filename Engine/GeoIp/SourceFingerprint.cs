namespace Decnet.Engine.GeoIp;

/// <summary>
/// Identity of a source file as of an index build: name, length and last-write time. A saved index is reused only
/// while every source still matches (no hashing: that would cost more than the load it guards).
/// </summary>
public readonly record struct SourceFingerprint(string Name, long Length, long LastWriteUtcTicks)
{
    public static SourceFingerprint Of(string path)
    {
        var info = new FileInfo(path);
        return new SourceFingerprint(info.Name, info.Length, info.LastWriteTimeUtc.Ticks);
    }
}
