using Decnet.Engine.Profiler;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="DownloadEntry"/> ⇄ packed <c>url, sha256?, count</c>.</summary>
internal static class DownloadEntryCodec
{
    public static void Write(PackedWriter w, DownloadEntry d)
    {
        w.String(d.Url);
        w.NullableString(d.Sha256);
        w.Long(d.Count);
    }

    public static DownloadEntry Read(ref PackedReader r) => new(r.String(), r.NullableString(), r.Long());
}
