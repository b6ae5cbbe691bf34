using System.Numerics;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// The lookup form of an IPv4 <see cref="IntervalIndex{T}"/>: each interval is one ulong, start in the high half and
/// the answer (a 32-bit payload) in the low half. A 16-byte slot per /16 either holds the whole answer (the /16 lies
/// inside one interval: one memory access per lookup, the common case) or where that /16's intervals begin, for a
/// branch-free binary search over them (measured: ~15% faster on random addresses than an int-only bucket table).
/// Rebuilt in O(n) from the saved arrays at load.
/// </summary>
internal sealed class PackedIPv4Intervals
{
    private readonly ulong[] _entries;  // start << 32 | payload; one extra 0 entry at the end (see End)

    // Measured: 12 bits (a 16 KiB table) was slower than 16 (256 KiB): more search steps cost more than the table misses.
    private const int BucketBits = 16;

    public PackedIPv4Intervals(IntervalIndex<uint> index, Func<int, uint> payloadOfRow)
    {
        var n = index.Count;
        _entries = new ulong[n + 1];
        for (var i = 0; i < n; i++) _entries[i] = (ulong)index.Starts[i] << 32 | payloadOfRow(index.Rows[i]);
        // bucket[h] = the interval holding the first address of /16 h.
        var bucket = new int[(1 << BucketBits) + 1];
        var k = 0;
        for (var h = 0; h < 1 << BucketBits; h++)
        {
            var first = (uint)h << (32 - BucketBits);
            while (k + 1 < n && index.Starts[k + 1] <= first) k++;
            bucket[h] = k;
        }
        bucket[1 << BucketBits] = n - 1;
        _direct = new Direct[1 << BucketBits];
        for (var h = 0; h < 1 << BucketBits; h++)
        {
            var lo = bucket[h];
            var count = bucket[h + 1] - lo + 1;
            // A /16 inside one interval answers from its slot alone (EndOrCount = that interval's last address);
            // otherwise the slot gives where its intervals begin and how many to search.
            var single = count == 1 || (count == 2 && (uint)(_entries[lo + 1] >> 32) == (uint)(h + 1) << (32 - BucketBits));
            _direct[h] = single
                ? new Direct(_entries[lo], (uint)(_entries[lo + 1] >> 32) - 1u, -1)
                : new Direct(0, (uint)count, lo);
        }
    }

    // First < 0: Entry/EndOrCount are the answer. First >= 0: search EndOrCount entries from First.
    private readonly record struct Direct(ulong Entry, uint EndOrCount, int First);
    private readonly Direct[] _direct;

    /// <summary>The payload for the address, with the interval's first and last address.</summary>
    public uint Find(uint address, out uint start, out uint end)
    {
        var entries = _entries;
        var key = (ulong)address << 32 | uint.MaxValue;
        var h = address >> (32 - BucketBits);
        var d = _direct[h];
        if (d.First < 0)
        {
            start = (uint)(d.Entry >> 32);
            end = d.EndOrCount;
            return (uint)d.Entry;
        }
        var lo = d.First;
        var n = (int)d.EndOrCount;
        // Branch-free binary search (a conditional move per step): random addresses would mispredict every branch.
        while (n > 1)
        {
            var half = n >> 1;
            lo = entries[lo + half] <= key ? lo + half : lo;
            n -= half;
        }
        var entry = entries[lo];
        start = (uint)(entry >> 32);
        // The extra 0 entry after the last interval makes its end wrap to 255.255.255.255.
        end = (uint)(entries[lo + 1] >> 32) - 1u;
        return (uint)entry;
    }
}

/// <summary>
/// The lookup form of an IPv6 <see cref="IntervalIndex{T}"/>: the search runs on the high 64 bits of each start
/// (ulong compares; every data row is /64 or shorter), and the low halves are read only when the address shares
/// its /64 with an interval start (the ::/64 not-public blocks). The first level is the top 16 bits; a dense /16
/// (2001::/16, 2a00::/16, 2c0f::/16 … hold thousands of rows) gets a second level on the next bits, as many as
/// give about one interval per slot (at most 16), so a lookup there is two table reads and a search of one or two.
/// </summary>
internal sealed class PackedIPv6Intervals
{
    private const int DenseAbove = 4;
    private const int MaxSubBits = 16;

    // The high half of each start with its answer beside it: the search's last read brings the payload in the same line.
    private readonly record struct Entry(ulong High, uint Payload);

    private readonly Entry[] _entries;  // one extra (0, 0) entry at the end (see Find)
    private readonly ulong[] _low;
    private readonly int[] _level1;     // >= 0: the interval holding the bucket's first address; < 0: ~(level-2 block << 5 | its bits)
    private readonly int[] _level2;     // per dense /16, 2^bits + 1 slots: the interval holding each slot's first address, then the next bucket's
    private readonly bool _lowZeroAbove; // every start outside ::/64 has a zero low half (true unless a row is longer than /64)

    public PackedIPv6Intervals(IntervalIndex<UInt128> index, Func<int, uint> payloadOfRow)
    {
        var n = index.Count;
        var starts = index.Starts;
        _entries = new Entry[n + 1];
        _low = new ulong[n + 1];
        for (var i = 0; i < n; i++)
        {
            _entries[i] = new Entry((ulong)(starts[i] >> 64), payloadOfRow(index.Rows[i]));
            _low[i] = (ulong)starts[i];
        }
        var first = new int[65537];
        var k = 0;
        for (var h = 0; h < 65536; h++)
        {
            var at = (ulong)h << 48;
            while (k + 1 < n && _entries[k + 1].High <= at && starts[k + 1] <= (UInt128)at << 64) k++;
            first[h] = k;
        }
        first[65536] = n - 1;

        _level1 = new int[65537];
        var level2 = new List<int>();
        for (var h = 0; h <= 65536; h++)
        {
            _level1[h] = first[h];
            var count = h == 65536 ? 0 : first[h + 1] - first[h];
            if (count <= DenseAbove) continue;
            var bits = Math.Min(MaxSubBits, BitOperations.Log2((uint)count) + 2);
            _level1[h] = ~(level2.Count << 5 | bits);
            var j = first[h];
            for (var sub = 0; sub < 1 << bits; sub++)
            {
                var at = (ulong)h << 48 | (ulong)sub << (48 - bits);
                // Every start in this /16 outside ::/64 has a zero low half or sits below `at` anyway, so high halves decide.
                while (j + 1 < n && _entries[j + 1].High <= at && starts[j + 1] <= (UInt128)at << 64) j++;
                level2.Add(j);
            }
            level2.Add(first[h + 1]);
        }
        _level2 = level2.ToArray();
        _lowZeroAbove = true;
        for (var i = 0; i < n; i++) if (_entries[i].High != 0 && _low[i] != 0) _lowZeroAbove = false;
    }

    public uint Find(UInt128 address, out UInt128 start, out UInt128 end)
    {
        var entries = _entries;
        var ah = (ulong)(address >> 64);
        var al = (ulong)address;
        var h = (int)(ah >> 48);
        var lo = _level1[h];
        int n;
        if (lo < 0)
        {
            var block = ~lo;
            var bits = block & 31;
            var j = (block >> 5) + (int)((ah >> (48 - bits)) & ((1UL << bits) - 1));
            lo = _level2[j];
            n = _level2[j + 1] - lo + 1;
        }
        else
        {
            var next = _level1[h + 1];
            n = (next < 0 ? _level2[~next >> 5] : next) - lo + 1;
        }
        // Branch-free binary search, as for IPv4.
        while (n > 1)
        {
            var half = n >> 1;
            lo = entries[lo + half].High <= ah ? lo + half : lo;
            n -= half;
        }
        var found = entries[lo];
        if (_lowZeroAbove && found.High != 0)
        {
            // The common case: no low halves to read.
            start = new UInt128(found.High, 0);
            end = new UInt128(entries[lo + 1].High, 0) - 1;
            return found.Payload;
        }
        // Same /64 as the found start: its low half decides (starts are unique, so this walks back at most a few).
        while (entries[lo].High == ah && _low[lo] > al) lo--;
        start = new UInt128(entries[lo].High, _low[lo]);
        // The extra 0 entry after the last interval makes its end wrap to ffff:...:ffff.
        end = new UInt128(entries[lo + 1].High, _low[lo + 1]) - 1;
        return entries[lo].Payload;
    }
}
