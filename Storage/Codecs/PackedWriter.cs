using System.Text;

namespace Decnet.Storage.Codecs;

/// <summary>
/// Writes the compact binary form used for profile lists: unsigned LEB128 varints and length-prefixed UTF-8.
/// LiteDB's BSON serializer costs ~100 µs per profile with nested arrays of sub-documents; the same data as one
/// binary field costs a tenth of that, and ingest rewrites every touched profile on every batch.
/// </summary>
internal sealed class PackedWriter(int capacity = 256)
{
    private byte[] _buffer = new byte[capacity];
    private int _length;

    public void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    public void Long(long value) => Varint((ulong)value);

    public void Time(DateTimeOffset at) => Varint((ulong)at.UtcTicks);

    public void String(string value) => Bytes(value, 0);

    /// <summary>Null is written as length 0, a string as its byte length + 1.</summary>
    public void NullableString(string? value)
    {
        if (value == null) Varint(0);
        else Bytes(value, 1);
    }

    private void Bytes(string value, ulong lengthBias)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)count + lengthBias);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
