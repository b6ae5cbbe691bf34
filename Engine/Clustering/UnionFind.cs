namespace Decnet.Engine.Clustering;

/// <summary>Disjoint sets over 0..n-1 with path halving and union by size.</summary>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++) { _parent[i] = i; _size[i] = 1; }
    }

    public int Count => _parent.Length;

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
        var n = _parent.Length;
        var minOfRoot = new int[n];
        Array.Fill(minOfRoot, int.MaxValue);
        for (var i = 0; i < n; i++)
        {
            var r = Find(i);
            if (i < minOfRoot[r]) minOfRoot[r] = i;
        }
        var labels = new int[n];
        for (var i = 0; i < n; i++) labels[i] = minOfRoot[Find(i)];
        return labels;
    }
}
