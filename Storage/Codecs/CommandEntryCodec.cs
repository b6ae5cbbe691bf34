using Decnet.Engine.Profiler;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="CommandEntry"/> ⇄ packed <c>normalised, example, count</c>.</summary>
internal static class CommandEntryCodec
{
    public static void Write(PackedWriter w, CommandEntry c)
    {
        w.String(c.Normalised);
        w.String(c.Example);
        w.Long(c.Count);
    }

    public static CommandEntry Read(ref PackedReader r) => new(r.String(), r.String(), r.Long());
}
