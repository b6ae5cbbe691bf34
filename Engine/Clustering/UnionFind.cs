namespace Decnet.Engine.Clustering;

/// <summary>Disjoint sets over 0..n-1 with path halving and union by size. <see cref="Reset"/> reuses the arrays (an
/// incremental tick at a million units would otherwise allocate large arrays every time).</summary>
public sealed class UnionFind
{
    private int[] _parent = [];
    private int[] _size = [];
    private int[] _minOfRoot = [];
    private int _count;

    public UnionFind(int count) => Reset(count);

    public int Count => _count;

    /// <summary>Every element alone again, for <paramref name="count"/> elements.</summary>
    public void Reset(int count)
    {
        if (_parent.Length < count)
        {
            var capacity = Math.Max(count, _parent.Length + _parent.Length / 4);
            _parent = new int[capacity];
            _size = new int[capacity];
        }
        _count = count;
        for (var i = 0; i < count; i++) { _parent[i] = i; _size[i] = 1; }
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    /// <summary>Joins the sets of a and b; false when they were already one.</summary>
    public bool Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb) return false;
        if (_size[ra] < _size[rb]) (ra, rb) = (rb, ra);
        _parent[rb] = ra;
        _size[ra] += _size[rb];
        return true;
    }

    /// <summary>Component label per element: the smallest element of its set (stable, independent of union order).</summary>
    public int[] Labels()
    {
        var n = _count;
        if (_minOfRoot.Length < n) _minOfRoot = new int[_parent.Length];
        Array.Fill(_minOfRoot, int.MaxValue, 0, n);
        for (var i = 0; i < n; i++)
        {
            var r = Find(i);
            if (i < _minOfRoot[r]) _minOfRoot[r] = i;
        }
        var labels = new int[n];
        for (var i = 0; i < n; i++) labels[i] = _minOfRoot[Find(i)];
        return labels;
    }
}
