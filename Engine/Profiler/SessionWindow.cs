namespace Decnet.Engine.Profiler;

/// <summary>
/// Mutable form of <see cref="AttackerProfile.RecentSessions"/>: the last N distinct session ids, least recently
/// seen first, used to tell a new session from more events of one already counted.
/// </summary>
internal sealed class SessionWindow
{
    private readonly Dictionary<string, long> _lastUse;
    private readonly int _capacity;
    private long _clock;
    private string? _newest;

    public SessionWindow(EquatableArray<string> recent, int capacity)
    {
        _capacity = capacity;
        _lastUse = new Dictionary<string, long>(Math.Min(recent.Count + 16, capacity + 1), StringComparer.Ordinal);
        foreach (var id in recent) _lastUse[id] = _clock++;
        _newest = recent.Count > 0 ? recent[recent.Count - 1] : null;
    }

    public bool Changed { get; private set; }

    /// <summary>Marks <paramref name="sessionId"/> as just seen; true when it was not in the window (a new session).</summary>
    public bool Touch(string sessionId)
    {
        // Events of one session mostly arrive back to back: nothing to reorder then.
        if (string.Equals(sessionId, _newest, StringComparison.Ordinal)) return false;
        Changed = true;
        _newest = sessionId;
        var isNew = !_lastUse.ContainsKey(sessionId);
        _lastUse[sessionId] = _clock++;
        if (isNew && _lastUse.Count > _capacity) EvictOldest();
        return isNew;
    }

    private void EvictOldest()
    {
        string? oldest = null;
        var oldestUse = long.MaxValue;
        foreach (var (id, use) in _lastUse)
        {
            if (use < oldestUse)
            {
                oldestUse = use;
                oldest = id;
            }
        }
        if (oldest != null) _lastUse.Remove(oldest);
    }

    public EquatableArray<string> Freeze()
    {
        var pairs = _lastUse.ToArray();
        Array.Sort(pairs, static (a, b) => a.Value.CompareTo(b.Value));
        var ids = new string[pairs.Length];
        for (var i = 0; i < pairs.Length; i++) ids[i] = pairs[i].Key;
        return EquatableArray<string>.TakeOwnership(ids);
    }
}
