using Decnet.Engine.Profiler;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="CredentialEntry"/> ⇄ packed <c>username, password?, count, first_seen ticks</c>.</summary>
internal static class CredentialEntryCodec
{
    public static void Write(PackedWriter w, CredentialEntry c)
    {
        w.String(c.Username);
        w.NullableString(c.Password);
        w.Long(c.Count);
        w.Time(c.FirstSeen);
    }

    public static CredentialEntry Read(ref PackedReader r) => new(r.String(), r.NullableString(), r.Long(), r.Time());
}
