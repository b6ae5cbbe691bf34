using System.Collections;
using System.Diagnostics;
using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;

namespace Decnet.Bench;

/// <summary>
/// The profiles of simulated attackers, folded a chunk at a time on all cores as they are read (the way the clusterer
/// reads them from the store), so the bench never holds a million profiles. Folding time is kept apart
/// (<see cref="FoldTime"/>): it is the simulator's cost, not the clusterer's.
/// </summary>
public sealed class StreamedProfiles(IReadOnlyList<SimulatedAttacker> attackers, Func<int, bool> skip) : IEnumerable<AttackerProfile>
{
    private const int Chunk = 1 << 12;
    private readonly Stopwatch _fold = new();

    public TimeSpan FoldTime => _fold.Elapsed;
    public int Count { get; private set; }

    public IEnumerator<AttackerProfile> GetEnumerator()
    {
        var indices = new List<int>(Chunk);
        var profiles = new AttackerProfile[Chunk];
        for (var start = 0; start < attackers.Count; start += Chunk)
        {
            _fold.Start();
            indices.Clear();
            for (var i = start; i < Math.Min(start + Chunk, attackers.Count); i++)
                if (!skip(i)) indices.Add(i);
            Parallel.For(0, indices.Count, () => new ProfileFold(), (k, _, fold) => { profiles[k] = fold.Fold(attackers[indices[k]]); return fold; }, _ => { });
            _fold.Stop();
            for (var k = 0; k < indices.Count; k++)
            {
                Count++;
                yield return profiles[k];
                profiles[k] = null!;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
