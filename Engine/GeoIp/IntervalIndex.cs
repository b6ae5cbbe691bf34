using System.Numerics;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Gap-free sorted intervals over one address family: interval i covers Starts[i] .. Starts[i+1]-1 (the last one
/// runs to the top of the space) and answers Rows[i] (a row number of the owner's payload, <see cref="NoData"/> or
/// <see cref="NotPublic"/>). This is the built and saved form; lookups run on <see cref="PackedIPv4Intervals"/> and
/// <see cref="PackedIPv6Intervals"/>, derived from it. Immutable after build, so lookups are thread-safe.
/// </summary>
/// <remarks>
/// The overlap rule, stated once for the whole GeoIP code: where ranges overlap or nest, the most specific
/// (smallest) range wins; a not-public block wins over every data row; between two rows of the same size the one
/// starting later wins, and between identical rows the later one in the order given (later file, later line).
/// Adjacent pieces that end up with the same row merge; adjacent rows stay apart (each keeps its own range).
/// </remarks>
internal sealed class IntervalIndex<T> where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    public const int NoData = -1;
    public const int NotPublic = -2;

    public T[] Starts { get; }
    public int[] Rows { get; }

    public IntervalIndex(T[] starts, int[] rows)
    {
        if (starts.Length == 0 || starts[0] != T.Zero || starts.Length != rows.Length)
            throw new InvalidDataException("interval index: starts must begin at 0 and match rows");
        Starts = starts;
        Rows = rows;
    }

    public int Count => Starts.Length;

    /// <summary>Plain binary search (no bucket table): the reference the fast lookups are tested and benchmarked against.</summary>
    public int FindByBinarySearch(T address)
    {
        int lo = 0, hi = Starts.Length - 1;
        var starts = Starts;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= address) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    public T IntervalStart(int i) => Starts[i];
    public T IntervalEnd(int i) => i + 1 < Starts.Length ? Starts[i + 1] - T.One : T.AllBitsSet;

    /// <summary>
    /// Builds the intervals from possibly overlapping rows (inclusive ends) by the rule in the remarks.
    /// Row numbers are the positions in <paramref name="rows"/>; <paramref name="notPublic"/> blocks win over all.
    /// </summary>
    public static IntervalIndex<T> Build(IReadOnlyList<(T Start, T End)> rows, IEnumerable<(T Start, T End)> notPublic)
    {
        // Each candidate: start, end, row (NotPublic for the fixed blocks), rank (lower wins).
        var items = new List<(T Start, T End, int Row)>(rows.Count + 32);
        foreach (var b in notPublic) items.Add((b.Start, b.End, NotPublic));
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].End < rows[r].Start) continue;
            items.Add((rows[r].Start, rows[r].End, r));
        }
        items.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Row.CompareTo(b.Row));

        // Boundaries: every start and every end+1 (unless it wraps past the top), plus 0.
        var points = new List<T>(items.Count * 2 + 1) { T.Zero };
        foreach (var it in items)
        {
            points.Add(it.Start);
            if (it.End != T.AllBitsSet) points.Add(it.End + T.One);
        }
        points.Sort();

        var heap = new PriorityQueue<int, (int Special, T Size, int Order)>();
        var outStarts = new List<T>(points.Count);
        var outRows = new List<int>(points.Count);
        var next = 0;
        T? previous = null;
        foreach (var p in points)
        {
            if (previous.HasValue && previous.Value == p) continue;
            previous = p;
            while (next < items.Count && items[next].Start <= p)
            {
                var it = items[next];
                heap.Enqueue(next, (it.Row == NotPublic ? 0 : 1, it.End - it.Start, -next));
                next++;
            }
            while (heap.TryPeek(out var top, out _) && items[top].End < p) heap.Dequeue();
            var row = heap.TryPeek(out var winner, out _) ? items[winner].Row : NoData;
            if (outRows.Count > 0 && outRows[^1] == row) continue;
            outStarts.Add(p);
            outRows.Add(row);
        }
        return new IntervalIndex<T>(outStarts.ToArray(), outRows.ToArray());
    }
}
