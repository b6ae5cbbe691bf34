using Decnet.Engine.Profiler;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="ValueCount"/> ⇄ packed <c>value, count</c>.</summary>
internal static class ValueCountCodec
{
    public static void Write(PackedWriter w, ValueCount v)
    {
        w.String(v.Value);
        w.Long(v.Count);
    }

    public static ValueCount Read(ref PackedReader r) => new(r.String(), r.Long());
}
