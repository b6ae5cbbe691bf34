namespace Decnet.Engine.Profiler;

/// <summary>
/// Mutable form of one capped profile list while a batch is folded in. Entries are ordered by a sequence number
/// given when an entry is added (or, for first-seen-ordered lists, when its first-seen time moves earlier), so the
/// order depends only on the list's current order plus the events applied — which is what makes batching invisible:
/// loading a frozen list renumbers it 0..n-1 and every later number is larger than all of those.
/// </summary>
internal sealed class TallyBuilder<TKey> where TKey : notnull
{
    internal sealed class Slot(TKey key, long count, DateTimeOffset firstSeen, long seq, string? example)
    {
        public TKey Key { get; } = key;
        public long Count { get; set; } = count;
        public DateTimeOffset FirstSeen { get; set; } = firstSeen;
        public long Seq { get; set; } = seq;
        public string? Example { get; } = example;
    }

    private readonly Dictionary<TKey, Slot> _slots;
    private readonly int _capacity;
    private readonly bool _orderByFirstSeen;
    private long _nextSeq;

    public TallyBuilder(int capacity, bool orderByFirstSeen, int initialCount)
    {
        _capacity = capacity;
        _orderByFirstSeen = orderByFirstSeen;
        _slots = new Dictionary<TKey, Slot>(Math.Min(initialCount + 4, capacity));
    }

    /// <summary>New distinct values turned away in this fold because the list was full.</summary>
    public long Truncated { get; private set; }

    /// <summary>True once any entry was added or changed (a frozen list can then be reused as is when false).</summary>
    public bool Changed { get; private set; }

    /// <summary>Loads an entry of the existing (frozen) list; call in list order.</summary>
    public void Load(TKey key, long count, DateTimeOffset firstSeen, string? example = null) =>
        _slots[key] = new Slot(key, count, firstSeen, _nextSeq++, example);

    public void Add(TKey key, DateTimeOffset at, string? example = null)
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            slot.Count++;
            if (at < slot.FirstSeen)
            {
                slot.FirstSeen = at;
                if (_orderByFirstSeen) slot.Seq = _nextSeq++;
            }
            Changed = true;
            return;
        }
        if (_slots.Count >= _capacity)
        {
            Truncated++;
            return;
        }
        _slots.Add(key, new Slot(key, 1, at, _nextSeq++, example));
        Changed = true;
    }

    public EquatableArray<TEntry> Freeze<TEntry>(Func<Slot, TEntry> toEntry)
    {
        var slots = _slots.Values.ToArray();
        if (_orderByFirstSeen)
            Array.Sort(slots, static (a, b) => a.FirstSeen != b.FirstSeen ? a.FirstSeen.CompareTo(b.FirstSeen) : a.Seq.CompareTo(b.Seq));
        else
            Array.Sort(slots, static (a, b) => a.Seq.CompareTo(b.Seq));
        var entries = new TEntry[slots.Length];
        for (var i = 0; i < slots.Length; i++) entries[i] = toEntry(slots[i]);
        return EquatableArray<TEntry>.TakeOwnership(entries);
    }
}
