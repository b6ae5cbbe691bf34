namespace Decnet.Engine.Clustering;

/// <summary>Interns feature keys to dense ids (so units hold small int arrays) and remembers each id's kind.</summary>
public sealed class ValueTable
{
    private readonly Dictionary<ulong, int> _ids;
    private readonly List<ulong> _keys;

    public ValueTable(int capacity = 1024)
    {
        _ids = new Dictionary<ulong, int>(capacity);
        _keys = new List<ulong>(capacity);
    }

    public int Count => _keys.Count;

    public int Intern(ulong key)
    {
        if (_ids.TryGetValue(key, out var id)) return id;
        id = _keys.Count;
        _ids.Add(key, id);
        _keys.Add(key);
        return id;
    }

    private readonly List<long> _stepParts = [];

    /// <summary>Records that step value <paramref name="step"/> goes from credential <paramref name="from"/> to <paramref name="to"/> (all keys).</summary>
    public void InternStep(ulong step, ulong from, ulong to)
    {
        var id = Intern(step);
        // Most steps are seen many times: only the first sighting interns its parts.
        if (id < _stepParts.Count && _stepParts[id] >= 0) return;
        var f = Intern(from);
        var t = Intern(to);
        while (_stepParts.Count < _keys.Count) _stepParts.Add(-1);
        _stepParts[id] = ((long)f << 32) | (uint)t;
    }

    /// <summary>The credential ids a step value goes from and to; false for any other value.</summary>
    public bool StepParts(int id, out int from, out int to)
    {
        var packed = id < _stepParts.Count ? _stepParts[id] : -1;
        from = (int)(packed >> 32);
        to = (int)(packed & 0xFFFF_FFFF);
        return packed >= 0;
    }

    public ulong Key(int id) => _keys[id];
    public FeatureKind Kind(int id) => FeatureKey.KindOf(_keys[id]);

    /// <summary>Sorted ids of <paramref name="keys"/> when every one is known, else null. Only reads (safe beside other readers).</summary>
    public int[]? TryIdsOf(ulong[] keys)
    {
        var ids = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
            if (!_ids.TryGetValue(keys[i], out ids[i])) return null;
        Array.Sort(ids);
        return ids;
    }

    /// <summary>Sorted distinct ids of <paramref name="keys"/> (already distinct).</summary>
    public int[] InternAll(ulong[] keys)
    {
        var ids = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++) ids[i] = Intern(keys[i]);
        Array.Sort(ids);
        return ids;
    }
}
