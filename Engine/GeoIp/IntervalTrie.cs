using System.Numerics;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Where to look for an address among sorted intervals, keyed on the high 64 bits of the address (an IPv4 address
/// sits in the top 32 of them). The root splits on the top 16 bits; a slot holding more than a few interval starts
/// gets a child table on the next bits, as many as give about ChildSlotsPerInterval slots per interval, so where the
/// data is dense (2001::/16 holds thousands of rows, some /32s hundreds of /48s) the table is fine and elsewhere it
/// stays small. Most lookups end at an answer slot; the rest search the few intervals of one cache line.
/// Built in one ordered pass (O(slots + intervals · depth)), so it is rebuilt at load rather than saved.
/// </summary>
internal static class IntervalTrie
{
    private const int RootBits = 16;
    private const int MaxChildBits = 16;
    // A child table not sized for alignment gets about two slots per interval it holds.
    private const int ChildSlotsLog2 = 1;

    /// <summary>The slot for the address's high half (see <see cref="IntervalSlot"/>); never a child slot.</summary>
    public static ulong Find(ulong[] nodes, ulong high) => Descend(nodes, nodes[(int)(high >> (64 - RootBits))], high);

    /// <summary>From a root slot (read elsewhere) down to the slot for the address's high half.</summary>
    public static ulong Descend(ulong[] nodes, ulong slot, ulong high)
    {
        var shift = 64 - RootBits;
        while (IntervalSlot.IsChild(slot))
        {
            var bits = IntervalSlot.ChildBits(slot);
            shift -= bits;
            slot = nodes[IntervalSlot.ChildOffset(slot) + (int)((high >> shift) & ((1UL << bits) - 1))];
        }
        return slot;
    }

    /// <summary>
    /// The trie over intervals sorted by start: <paramref name="highs"/> are their starts' high halves (an IPv4 start
    /// shifted into the top 32 bits), <paramref name="lows"/> the low halves (empty: all zero), <paramref name="payloads"/>
    /// their answers.
    /// </summary>
    /// <param name="lowestShift">Below this bit the keys hold nothing (32 for IPv4): a slot there is searched.</param>
    /// <param name="searchAtMost">A slot with at most this many intervals is searched rather than split further: as
    /// many as one cache line of the caller's entries holds, so the search costs no more misses than a child would.</param>
    /// <param name="alignedSlotsPerInterval">A child table may take up to this many slots per interval to put every
    /// interval start on a slot boundary (0: never).</param>
    public static ulong[] Build(ulong[] highs, ulong[] lows, uint[] payloads, int lowestShift, int searchAtMost, int alignedSlotsPerInterval)
    {
        var nodes = new List<ulong>((1 << RootBits) * 2);
        new Builder(highs, lows, payloads, lowestShift, searchAtMost, alignedSlotsPerInterval, nodes).AddNode(0, 64 - RootBits, RootBits, 0);
        return nodes.ToArray();
    }

    /// <summary>
    /// Whether a trie read from a file can be used over <paramref name="intervals"/> intervals whose payloads are
    /// given: every position in range, every child after its parent with 1–16 bits (so a lookup always ends), every
    /// answer carrying its interval's payload. A damaged file then means a rebuild, never a wrong answer or a hang.
    /// </summary>
    public static bool IsConsistent(ulong[] nodes, uint[] payloads)
    {
        var intervals = payloads.Length;
        if (nodes.Length < 1 << RootBits) return false;
        for (var i = 0; i < nodes.Length; i++)
        {
            var slot = nodes[i];
            if (IntervalSlot.IsChild(slot))
            {
                var bits = IntervalSlot.ChildBits(slot);
                var offset = IntervalSlot.ChildOffset(slot);
                if (bits is < 1 or > MaxChildBits || offset <= i || (long)offset + (1 << bits) > nodes.Length) return false;
                continue;
            }
            var first = IntervalSlot.First(slot);
            var count = IntervalSlot.Count(slot);
            if (count < 1 || (long)first + count > intervals + 1 || first >= intervals) return false;
            if (IntervalSlot.IsAnswer(slot) && IntervalSlot.Payload(slot) != payloads[first]) return false;
        }
        return true;
    }

    private sealed class Builder(ulong[] highs, ulong[] lows, uint[] payloads, int lowestShift, int searchAtMost, int alignedSlotsPerInterval, List<ulong> nodes)
    {
        private readonly int count = payloads.Length;

        // Interval i starts at or before the address whose high half is `high` and low half 0.
        private bool StartsBy(int i, ulong high) => highs[i] < high || (highs[i] == high && (lows.Length == 0 || lows[i] == 0));

        private bool StartsAt(int i, ulong high) => highs[i] == high && (lows.Length == 0 || lows[i] == 0);

        // Enough bits for every interval start inside the slot to fall on a child slot boundary (then every child slot
        // is an answer: delegated blocks are aligned prefixes, so this is usually few bits), unless that would take
        // more than alignedSlotsPerInterval slots per interval; else about 2^ChildSlotsLog2 slots per interval.
        private int ChildBits(int shift, int lo, int next)
        {
            var intervals = next - lo + 1;
            var limit = Math.Min(MaxChildBits, shift - lowestShift);
            var aligned = 0;
            for (var j = lo + 1; j <= next && aligned <= limit && alignedSlotsPerInterval > 0; j++)
            {
                var tz = lows.Length != 0 && lows[j] != 0 ? 0 : BitOperations.TrailingZeroCount(highs[j]);
                aligned = Math.Max(aligned, shift - Math.Min(tz, shift));
            }
            if (aligned >= 1 && aligned <= limit && 1L << aligned <= (long)alignedSlotsPerInterval * intervals) return aligned;
            return Math.Min(limit, BitOperations.Log2((uint)intervals) + ChildSlotsLog2);
        }

        // Adds the table for [prefix, prefix + 2^(shift+bits)) at the end of nodes, then its children after it.
        public void AddNode(ulong prefix, int shift, int bits, int firstInterval)
        {
            var size = 1 << bits;
            var offset = nodes.Count;
            // holding[s] = the interval holding slot s's first address; holding[size] = the one holding the address after.
            var holding = new int[size + 1];
            var j = firstInterval;
            for (var s = 0; s <= size; s++)
            {
                var at = prefix + ((ulong)s << shift);
                if (s == size && at == 0) { holding[s] = count - 1; break; }  // the table ends at the top of the address space
                while (j + 1 < count && StartsBy(j + 1, at)) j++;
                holding[s] = j;
            }
            for (var s = 0; s < size; s++) nodes.Add(0);
            for (var s = 0; s < size; s++)
            {
                var lo = holding[s];
                var next = holding[s + 1];
                var end = prefix + ((ulong)(s + 1) << shift);
                var inOne = next == lo || (next == lo + 1 && end != 0 && StartsAt(next, end));
                if (inOne) nodes[offset + s] = IntervalSlot.Answer(lo, payloads[lo]);
                else if (next - lo + 1 <= searchAtMost || shift <= lowestShift) nodes[offset + s] = IntervalSlot.Search(lo, next - lo + 1);
                else
                {
                    var childBits = ChildBits(shift, lo, next);
                    nodes[offset + s] = IntervalSlot.Child(nodes.Count, childBits);
                    AddNode(prefix + ((ulong)s << shift), shift - childBits, childBits, lo);
                }
            }
        }
    }
}
