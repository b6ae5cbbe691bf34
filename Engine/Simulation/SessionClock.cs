namespace Decnet.Engine.Simulation;

/// <summary>
/// The sub-second timing of one session: SplitMix64 over the session's seed. A struct, so walking a session allocates
/// nothing (a seeded <see cref="Random"/> per session was most of the in-memory fast path's cost).
/// </summary>
internal struct SessionClock(int seed)
{
    private ulong _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;

    /// <summary>A step between <paramref name="minSeconds"/> and <paramref name="maxSeconds"/>, in whole microseconds (Cowrie's precision).</summary>
    public TimeSpan Step(double minSeconds, double maxSeconds) =>
        TimeSpan.FromTicks((long)((minSeconds + NextDouble() * (maxSeconds - minSeconds)) * 1_000_000) * 10);

    private double NextDouble()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
