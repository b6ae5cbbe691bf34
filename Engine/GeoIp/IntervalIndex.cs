using System.Numerics;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Gap-free sorted intervals over one address family: interval i covers Starts[i] .. Starts[i+1]-1 (the last one
/// runs to the top of the space) and answers Rows[i] (a row number of the owner's payload, <see cref="NoData"/> or
/// <see cref="NotPublic"/>). A 65,537-entry table on the top 16 bits narrows every lookup to the few intervals
/// that start inside one /16 (IPv4) or /16 (IPv6) bucket. Immutable after build, so lookups are thread-safe.
/// </summary>
/// <remarks>
/// The overlap rule, stated once for the whole GeoIP code: where ranges overlap or nest, the most specific
/// (smallest) range wins; a not-public block wins over every data row; between two rows of the same size the one starting
/// later wins, and between identical rows the later one in the order given (later file, later line). Adjacent pieces that end up with the same row merge.
/// </remarks>
public sealed class IntervalIndex<T> where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    public const int NoData = -1;
    public const int NotPublic = -2;

    private static readonly int Shift = T.AllBitsSet.GetByteCount() * 8 - 16;

    public T[] Starts { get; }
    public int[] Rows { get; }
    private readonly int[] _bucket;

    public IntervalIndex(T[] starts, int[] rows)
    {
        if (starts.Length == 0 || starts[0] != T.Zero || starts.Length != rows.Length)
            throw new InvalidDataException("interval index: starts must begin at 0 and match rows");
        Starts = starts;
        Rows = rows;
        _bucket = BuildBuckets(starts);
    }

    public int Count => Starts.Length;

    /// <summary>Index of the interval holding the address.</summary>
    public int Find(T address)
    {
        var h = int.CreateTruncating(address >> Shift);
        var lo = _bucket[h];
        var hi = _bucket[h + 1];
        var starts = Starts;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= address) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Plain binary search over the same arrays (no bucket table), for comparison in the bench.</summary>
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

    // _bucket[h] = the interval holding the first address of bucket h; _bucket[65536] = the last interval.
    private static int[] BuildBuckets(T[] starts)
    {
        var bucket = new int[65537];
        var i = 0;
        for (var h = 0; h < 65536; h++)
        {
            var first = T.CreateTruncating(h) << Shift;
            while (i + 1 < starts.Length && starts[i + 1] <= first) i++;
            bucket[h] = i;
        }
        bucket[65536] = starts.Length - 1;
        return bucket;
    }

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
