namespace Decnet.Engine.GeoIp;

/// <summary>
/// One 8-byte slot of an <see cref="IntervalTrie"/>. An answer slot covers addresses inside one interval: the payload
/// in the low half and that interval's position above it, so a country lookup ends at the slot. A search slot gives
/// where its few intervals begin and how many to search. A child slot points at a finer table for its addresses.
/// </summary>
internal static class IntervalSlot
{
    private const ulong AnswerFlag = 1UL << 63;
    private const ulong ChildFlag = 1UL << 62;
    private const int PositionMask = (1 << 30) - 1;

    public static ulong Answer(int interval, uint payload) => AnswerFlag | (ulong)(uint)interval << 32 | payload;
    public static ulong Search(int first, int count) => (ulong)(uint)first << 32 | (uint)count;
    public static ulong Child(int offset, int bits) => ChildFlag | (ulong)(uint)offset << 8 | (uint)bits;

    public static bool IsAnswer(ulong slot) => (long)slot < 0;
    public static bool IsChild(ulong slot) => (slot & (AnswerFlag | ChildFlag)) == ChildFlag;
    public static uint Payload(ulong slot) => (uint)slot;

    /// <summary>The answer's interval, or the search's first interval.</summary>
    public static int First(ulong slot) => (int)(slot >> 32) & PositionMask;

    /// <summary>How many intervals to search from <see cref="First"/> (1 for an answer).</summary>
    public static int Count(ulong slot) => IsAnswer(slot) ? 1 : (int)(uint)slot;

    public static int ChildOffset(ulong slot) => (int)((slot & ~ChildFlag) >> 8);
    public static int ChildBits(ulong slot) => (int)(slot & 0xFF);
}
