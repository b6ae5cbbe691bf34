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
/// its /64 with an interval start (the ::/64 not-public blocks). The first level is the top 16 bits; the few dense
/// /16s (2001::/16, 2a00::/16, 2c0f::/16 … hold thousands of rows) get a second level on the next 12 bits.
/// </summary>
internal sealed class PackedIPv6Intervals
{
    private const int DenseAbove = 16;
    // Measured: 16 bits (256 KiB per dense /16) made the load 4x slower for a few ns per lookup.
    private const int SubBits = 12;

    private readonly ulong[] _high;
    private readonly ulong[] _low;
    private readonly uint[] _payload;
    private readonly int[] _level1;     // >= 0: the interval holding the bucket's first address; < 0: ~(its level-2 block)
    private readonly int[] _level2;     // blocks of 4,097: the interval holding each /28's first address, then the next bucket's
    private readonly bool _lowZeroAbove; // every start outside ::/64 has a zero low half (true unless a row is longer than /64)

    public PackedIPv6Intervals(IntervalIndex<UInt128> index, Func<int, uint> payloadOfRow)
    {
        var n = index.Count;
        var starts = index.Starts;
        _high = new ulong[n + 1];
        _low = new ulong[n + 1];
        _payload = new uint[n];
        for (var i = 0; i < n; i++)
        {
            _high[i] = (ulong)(starts[i] >> 64);
            _low[i] = (ulong)starts[i];
            _payload[i] = payloadOfRow(index.Rows[i]);
        }
        var first = new int[65537];
        var k = 0;
        for (var h = 0; h < 65536; h++)
        {
            var at = (ulong)h << 48;
            while (k + 1 < n && _high[k + 1] <= at && starts[k + 1] <= (UInt128)at << 64) k++;
            first[h] = k;
        }
        first[65536] = n - 1;

        _level1 = new int[65537];
        var level2 = new List<int>();
        for (var h = 0; h <= 65536; h++)
        {
            _level1[h] = first[h];
            if (h == 65536 || first[h + 1] - first[h] <= DenseAbove) continue;
            _level1[h] = ~level2.Count;
            var j = first[h];
            for (var sub = 0; sub < 1 << SubBits; sub++)
            {
                var at = (UInt128)((ulong)h << 48 | (ulong)sub << (48 - SubBits)) << 64;
                while (j + 1 < n && starts[j + 1] <= at) j++;
                level2.Add(j);
            }
            level2.Add(first[h + 1]);
        }
        _level2 = level2.ToArray();
        _lowZeroAbove = true;
        for (var i = 0; i < n; i++) if (_high[i] != 0 && _low[i] != 0) _lowZeroAbove = false;
    }

    public uint Find(UInt128 address, out UInt128 start, out UInt128 end)
    {
        var high = _high;
        var ah = (ulong)(address >> 64);
        var al = (ulong)address;
        var h = (int)(ah >> 48);
        var lo = _level1[h];
        int n;
        if (lo < 0)
        {
            var j = ~lo + (int)((ah >> (48 - SubBits)) & ((1 << SubBits) - 1));
            lo = _level2[j];
            n = _level2[j + 1] - lo + 1;
        }
        else
        {
            var next = _level1[h + 1];
            n = (next < 0 ? _level2[~next] : next) - lo + 1;
        }
        // Branch-free binary search, as for IPv4.
        while (n > 1)
        {
            var half = n >> 1;
            lo = high[lo + half] <= ah ? lo + half : lo;
            n -= half;
        }
        if (_lowZeroAbove && high[lo] != 0)
        {
            // The common case: no low halves to read.
            start = new UInt128(high[lo], 0);
            end = new UInt128(high[lo + 1], 0) - 1;
            return _payload[lo];
        }
        // Same /64 as the found start: its low half decides (starts are unique, so this walks back at most a few).
        while (high[lo] == ah && _low[lo] > al) lo--;
        start = new UInt128(high[lo], _low[lo]);
        // The extra 0 entry after the last interval makes its end wrap to ffff:...:ffff.
        end = new UInt128(high[lo + 1], _low[lo + 1]) - 1;
        return _payload[lo];
    }
}
