using System.Collections;
using System.Runtime.CompilerServices;

namespace Decnet.Engine.Profiler;

/// <summary>
/// An immutable array with value equality, so records holding lists (profiles, entries) compare by content.
/// <c>default</c> is the empty array.
/// </summary>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IReadOnlyList<T>, IEquatable<EquatableArray<T>>
{
    private readonly T[]? _items;

    /// <summary>Copies <paramref name="items"/>, so later changes to the source do not leak in.</summary>
    public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

    private EquatableArray(T[] owned, bool _) => _items = owned;

    public static EquatableArray<T> Empty => default;

    /// <summary>Wraps an array the caller hands over and never touches again (no copy).</summary>
    internal static EquatableArray<T> TakeOwnership(T[] items) => new(items, true);

    public int Count => _items?.Length ?? 0;
    public T this[int index] => (_items ?? [])[index];
    public ReadOnlySpan<T> AsSpan() => _items;
    public bool IsEmpty => Count == 0;

    public bool Equals(EquatableArray<T> other)
    {
        var a = AsSpan();
        var b = other.AsSpan();
        if (a.Length != b.Length) return false;
        var cmp = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
            if (!cmp.Equals(a[i], b[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan()) hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items ?? []) + "]";
}

public static class EquatableArray
{
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => EquatableArray<T>.TakeOwnership(items.ToArray());
}
