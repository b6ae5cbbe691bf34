namespace Decnet.Engine.Clustering;

/// <summary>
/// The inverted index of one linking level: for every value held by at most <see cref="LinkWeights.PostingCap"/>
/// units, the units holding it. Built flat (CSR) by a full link; units that take a value afterwards are appended to a
/// small per-value list, so an incremental tick never rebuilds it. A value that goes past the cap stops being listed
/// (it is no blocking key, and its holders are found by a scan when needed) and is marked incomplete.
/// </summary>
public sealed class ValuePostings
{
    private readonly int[] _start;
    private readonly int[] _items;
    private readonly Dictionary<int, List<int>> _extra = [];
    private readonly HashSet<int> _incomplete = [];

    /// <param name="holders">Holders per value of <paramref name="units"/>.</param>
    public ValuePostings(IReadOnlyList<int[]> units, int[] holders, int valueCount)
    {
        _start = new int[valueCount + 1];
        for (var id = 0; id < valueCount; id++)
            _start[id + 1] = _start[id] + (holders[id] <= LinkWeights.PostingCap ? holders[id] : 0);
        _items = new int[_start[valueCount]];
        var fill = new int[valueCount];
        for (var u = 0; u < units.Count; u++)
            foreach (var id in units[u])
                if (holders[id] <= LinkWeights.PostingCap) _items[_start[id] + fill[id]++] = u;
        for (var id = 0; id < valueCount; id++)
            if (holders[id] > LinkWeights.PostingCap) _incomplete.Add(id);
    }

    public long Entries => _items.Length + _extra.Values.Sum(l => (long)l.Count);

    /// <summary>Records that <paramref name="unit"/> took value <paramref name="id"/>, which now has <paramref name="holders"/> holders.</summary>
    public void Add(int id, int unit, int holders)
    {
        if (_incomplete.Contains(id)) return;
        if (holders > LinkWeights.PostingCap) { _incomplete.Add(id); return; }
        if (!_extra.TryGetValue(id, out var list)) _extra[id] = list = new List<int>(2);
        list.Add(unit);
    }

    /// <summary>True when every holder of the value is listed (stale entries of units that dropped it may remain).</summary>
    public bool IsComplete(int id) => !_incomplete.Contains(id);

    /// <summary>The listed holders of a value: a flat range, then the later additions.</summary>
    public ReadOnlySpan<int> Built(int id) => id + 1 < _start.Length ? _items.AsSpan(_start[id], _start[id + 1] - _start[id]) : default;

    public List<int>? Added(int id) => _extra.Count == 0 ? null : _extra.GetValueOrDefault(id);
}
