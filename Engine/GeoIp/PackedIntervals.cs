namespace Decnet.Engine.GeoIp;

/// <summary>
/// The lookup form of an IPv4 <see cref="IntervalIndex{T}"/>: each interval is one ulong, start in the high half and
/// the answer (a 32-bit payload) in the low half, found through an <see cref="IntervalTrie"/> (for 92% of random public
/// addresses the /16 slot is the answer: one memory read). Rebuilt in O(n) from the saved arrays at load.
/// </summary>
internal sealed class PackedIPv4Intervals
{
    private readonly ulong[] _entries;  // start << 32 | payload; one extra 0 entry at the end (see Find)
    private readonly ulong[] _trie;
    internal int TrieSlots => _trie.Length;
    /// <summary>The lookup trie, saved with the index so a load need not rebuild it.</summary>
    internal ulong[] Trie => _trie;

    /// <param name="savedTrie">The trie saved with the index (see <see cref="Trie"/>): used when consistent, else rebuilt.</param>
    public PackedIPv4Intervals(IntervalIndex<uint> index, Func<int, uint> payloadOfRow, ulong[]? savedTrie = null)
    {
        var n = index.Count;
        _entries = new ulong[n + 1];
        for (var i = 0; i < n; i++) _entries[i] = (ulong)index.Starts[i] << 32 | payloadOfRow(index.Rows[i]);
        var payloads = new uint[n];
        for (var i = 0; i < n; i++) payloads[i] = (uint)_entries[i];
        if (savedTrie is not null)
        {
            if (!IntervalTrie.IsConsistent(savedTrie, payloads)) throw new InvalidDataException("saved IPv4 lookup table inconsistent with the intervals");
            _trie = savedTrie;
        }
        else
        {
            var highs = new ulong[n];
            for (var i = 0; i < n; i++) highs[i] = (ulong)index.Starts[i] << 32;
            _trie = IntervalTrie.Build(highs, [], payloads, lowestShift: 32, searchAtMost: 8, alignedSlotsPerInterval: 0);
        }
        _root = RootOf(_trie);
    }

    /// <summary>The payload for the address: the hot path (no range).</summary>
    public uint FindPayload(uint address)
    {
        var root = _root[address >> 16];
        if ((int)root < 0) return root & int.MaxValue;
        var slot = root == 0 ? _trie[address >> 16] : Widen(root);
        slot = IntervalTrie.Descend(_trie, slot, (ulong)address << 32);
        return IntervalSlot.IsAnswer(slot) ? IntervalSlot.Payload(slot) : (uint)_entries[Search(address, slot)];
    }

    // The trie's root again in 4 bytes per /16 (256 KiB, stays in this machine's 512 KiB L2 while a lookup stream
    // flows past; the 8-byte root kept being evicted): an answer (top bit set, payloads below 2^31: the country
    // index's), a child table (bit 30: its bits and offset) or a search (first interval and count); 0 where a slot
    // does not fit (the ASN table's payloads), which then reads the trie's own root. Most lookups end here; the rest
    // go straight to the child table, one cache miss fewer.
    private readonly uint[] _root;
    private const uint ChildMark = 1u << 30;

    private static uint Narrow(ulong slot)
    {
        if (IntervalSlot.IsAnswer(slot)) return IntervalSlot.Payload(slot) <= int.MaxValue ? 1u << 31 | IntervalSlot.Payload(slot) : 0;
        if (IntervalSlot.IsChild(slot))
            return IntervalSlot.ChildOffset(slot) < 1 << 25 ? ChildMark | (uint)IntervalSlot.ChildBits(slot) << 25 | (uint)IntervalSlot.ChildOffset(slot) : 0;
        var first = IntervalSlot.First(slot);
        var count = IntervalSlot.Count(slot);
        return first < 1 << 26 && count < 16 ? (uint)count << 26 | (uint)first : 0;
    }

    private static ulong Widen(uint root) => (root & ChildMark) != 0
        ? IntervalSlot.Child((int)(root & ((1 << 25) - 1)), (int)(root >> 25 & 31))
        : IntervalSlot.Search((int)(root & ((1 << 26) - 1)), (int)(root >> 26 & 15));

    private static uint[] RootOf(ulong[] trie)
    {
        var root = new uint[1 << 16];
        for (var h = 0; h < root.Length; h++) root[h] = Narrow(trie[h]);
        return root;
    }

    /// <summary>The payload for the address, with the interval's first and last address.</summary>
    public uint Find(uint address, out uint start, out uint end)
    {
        var entries = _entries;
        var lo = Search(address, IntervalTrie.Find(_trie, (ulong)address << 32));
        var entry = entries[lo];
        start = (uint)(entry >> 32);
        // The extra 0 entry after the last interval makes its end wrap to 255.255.255.255.
        end = (uint)(entries[lo + 1] >> 32) - 1u;
        return (uint)entry;
    }

    private int Search(uint address, ulong slot)
    {
        var entries = _entries;
        var key = (ulong)address << 32 | uint.MaxValue;
        var lo = IntervalSlot.First(slot);
        var n = IntervalSlot.Count(slot);
        // Branch-free binary search (a conditional move per step): random addresses would mispredict every branch.
        while (n > 1)
        {
            var half = n >> 1;
            lo = entries[lo + half] <= key ? lo + half : lo;
            n -= half;
        }
        return lo;
    }
}

/// <summary>
/// The lookup form of an IPv6 <see cref="IntervalIndex{T}"/>: an <see cref="IntervalTrie"/> on the high 64 bits
/// (every data row is /64 or shorter), then a search of at most a few starts' high halves; the low halves are read
/// only when the address shares its /64 with an interval start (the ::/64 not-public blocks).
/// </summary>
internal sealed class PackedIPv6Intervals
{
    // The high half of each start with its answer beside it: the search's last read brings the payload in the same line.
    private readonly record struct Entry(ulong High, uint Payload);

    private readonly Entry[] _entries;  // one extra (0, 0) entry at the end (see Find)
    private readonly ulong[] _low;
    private readonly ulong[] _trie;
    internal int TrieSlots => _trie.Length;
    /// <summary>The lookup trie, saved with the index so a load need not rebuild it.</summary>
    internal ulong[] Trie => _trie;
    private readonly bool _lowZeroAbove; // every start outside ::/64 has a zero low half (true unless a row is longer than /64)

    /// <param name="savedTrie">The trie saved with the index (see <see cref="Trie"/>): used when consistent, else rebuilt.</param>
    public PackedIPv6Intervals(IntervalIndex<UInt128> index, Func<int, uint> payloadOfRow, ulong[]? savedTrie = null)
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
        _lowZeroAbove = true;
        for (var i = 0; i < n; i++) if (_entries[i].High != 0 && _low[i] != 0) _lowZeroAbove = false;
        var payloads = new uint[n];
        for (var i = 0; i < n; i++) payloads[i] = _entries[i].Payload;
        if (savedTrie is not null)
        {
            if (!IntervalTrie.IsConsistent(savedTrie, payloads)) throw new InvalidDataException("saved IPv6 lookup table inconsistent with the intervals");
            _trie = savedTrie;
            return;
        }
        var highs = new ulong[n];
        for (var i = 0; i < n; i++) highs[i] = _entries[i].High;
        _trie = IntervalTrie.Build(highs, _low, payloads, lowestShift: 0, searchAtMost: 4, alignedSlotsPerInterval: 64);
    }

    /// <summary>The payload for the address: the hot path (no range).</summary>
    public uint FindPayload(UInt128 address)
    {
        var slot = IntervalTrie.Find(_trie, (ulong)(address >> 64));
        return IntervalSlot.IsAnswer(slot) ? IntervalSlot.Payload(slot) : _entries[Search(address, slot)].Payload;
    }

    /// <summary>The payload for the address, with the interval's first and last address.</summary>
    public uint Find(UInt128 address, out UInt128 start, out UInt128 end)
    {
        var entries = _entries;
        var lo = Search(address, IntervalTrie.Find(_trie, (ulong)(address >> 64)));
        start = new UInt128(entries[lo].High, _low[lo]);
        // The extra 0 entry after the last interval makes its end wrap to ffff:...:ffff.
        end = new UInt128(entries[lo + 1].High, _low[lo + 1]) - 1;
        return entries[lo].Payload;
    }

    private int Search(UInt128 address, ulong slot)
    {
        var entries = _entries;
        var ah = (ulong)(address >> 64);
        var lo = IntervalSlot.First(slot);
        var n = IntervalSlot.Count(slot);
        // Branch-free binary search, as for IPv4, on the high halves.
        while (n > 1)
        {
            var half = n >> 1;
            lo = entries[lo + half].High <= ah ? lo + half : lo;
            n -= half;
        }
        if (_lowZeroAbove && entries[lo].High != 0) return lo;
        // Same /64 as the found start: its low half decides (starts are unique, so this walks back at most a few).
        var al = (ulong)address;
        while (entries[lo].High == ah && _low[lo] > al) lo--;
        return lo;
    }
}
