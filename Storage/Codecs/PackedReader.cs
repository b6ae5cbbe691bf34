using System.Text;

namespace Decnet.Storage.Codecs;

/// <summary>Reads what <see cref="PackedWriter"/> wrote; every malformation is a <see cref="StoreFormatException"/> naming the field.</summary>
internal ref struct PackedReader(ReadOnlySpan<byte> data, string record, string field)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Error("ends inside a number");
            var b = _data[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Error("has a number longer than 64 bits");
    }

    public long Long() => (long)Varint();

    public DateTimeOffset Time()
    {
        var ticks = Varint();
        if (ticks > (ulong)DateTime.MaxValue.Ticks) throw Error("has a timestamp out of range");
        return new DateTimeOffset((long)ticks, TimeSpan.Zero);
    }

    /// <summary>A count of items that follow; at least one byte each, so a corrupt count cannot allocate gigabytes.</summary>
    public int Count()
    {
        var n = Varint();
        if (n > (ulong)Remaining) throw Error($"claims {n} items in {Remaining} bytes");
        return (int)n;
    }

    public string String() => Text(Varint());

    public string? NullableString()
    {
        var n = Varint();
        return n == 0 ? null : Text(n - 1);
    }

    private string Text(ulong length)
    {
        if (length > (ulong)Remaining) throw Error("ends inside a string");
        var s = Encoding.UTF8.GetString(_data.Slice(_position, (int)length));
        _position += (int)length;
        return s;
    }

    public readonly void End()
    {
        if (_position != _data.Length) throw Error($"has {Remaining} unexpected trailing bytes");
    }

    private readonly StoreFormatException Error(string what) => new($"stored {record}: field '{field}' {what}");
}
