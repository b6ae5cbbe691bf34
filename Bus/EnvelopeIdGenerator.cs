namespace Decnet.Bus;

/// <summary>
/// Mints strictly increasing envelope ids for one publisher: a new random part each millisecond, and within
/// a millisecond (or if the clock steps back) the previous id plus one, so order survives bursts.
/// Not thread-safe: the owner serialises calls (the bus client does so under its send lock).
/// </summary>
public sealed class EnvelopeIdGenerator(TimeProvider time, Random? random = null)
{
    private UInt128 _last;
    private long _lastMs = -1;

    public string Next() => Next(time.GetUtcNow());

    internal string Next(DateTimeOffset now)
    {
        var value = NextValue(now.ToUnixTimeMilliseconds());
        return string.Create(EnvelopeId.Length, value, static (chars, v) => EnvelopeId.Write(v, chars));
    }

    /// <summary>Writes the next id as 26 ASCII bytes (the publish path, no string allocated).</summary>
    public void NextUtf8(Span<byte> destination) => NextUtf8(time.GetUtcNow(), destination);

    internal void NextUtf8(DateTimeOffset now, Span<byte> destination)
        => EnvelopeId.WriteUtf8(NextValue(now.ToUnixTimeMilliseconds()), destination);

    private UInt128 NextValue(long ms)
    {
        if (ms > _lastMs)
        {
            _lastMs = ms;
            _last = EnvelopeId.Compose(ms, EnvelopeId.NextRandom(random));
        }
        else
        {
            // Same millisecond or clock went back: stay monotonic. Overflowing the 80 random bits carries into
            // the timestamp, which is what keeps the order.
            _last++;
            _lastMs = (long)(_last >> 80);
        }
        return _last;
    }
}
