using System.Buffers;

namespace Decnet.Engine.Ingest;

/// <summary>
/// Splits bytes read from a stream into LF-terminated lines inside one pooled buffer (no per-line allocation); a line
/// may span any number of reads. A line longer than the cap is reported once, as <see cref="LineKind.TooLong"/>,
/// when its end arrives, and its bytes are dropped as they come.
/// </summary>
internal sealed class LineSplitter(int maxLineBytes) : IDisposable
{
    private const int MinRead = 16 * 1024;

    public enum LineKind { None, Line, TooLong }

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start, _end, _scan;
    private bool _discarding, _eof;

    /// <summary>Free space to read into (at least 16 KiB); fill it, then <see cref="Commit"/>.</summary>
    public Memory<byte> GetReadBuffer()
    {
        if (_buffer.Length - _end < MinRead)
        {
            var pending = _end - _start;
            if (_buffer.Length - pending >= MinRead && _start > 0)
            {
                _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            }
            else
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, pending + MinRead));
                _buffer.AsSpan(_start, pending).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            _scan -= _start;
            _end = pending;
            _start = 0;
        }
        return _buffer.AsMemory(_end);
    }

    public void Commit(int count) => _end += count;

    /// <summary>No more input: the last line may lack its LF.</summary>
    public void Complete() => _eof = true;

    /// <summary>The next line without its LF or trailing CR; valid until the next call on this splitter.</summary>
    public LineKind TryReadLine(out ReadOnlySpan<byte> line)
    {
        line = default;
        var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
        if (found >= 0)
        {
            var end = _scan + found;
            var content = _buffer.AsSpan(_start, end - _start);
            _start = _scan = end + 1;
            if (_discarding) { _discarding = false; return LineKind.TooLong; }
            if (content.Length > 0 && content[^1] == '\r') content = content[..^1];
            if (content.Length > maxLineBytes) return LineKind.TooLong;
            line = content;
            return LineKind.Line;
        }

        if (_discarding || _end - _start > maxLineBytes)
        {
            // Drop what we have of the over-long line; keep memory bounded.
            _discarding = true;
            _start = _scan = _end;
            if (!_eof) return LineKind.None;
            _discarding = false;
            return LineKind.TooLong;
        }
        _scan = _end;
        if (_eof && _end > _start)
        {
            var content = _buffer.AsSpan(_start, _end - _start);
            _start = _scan = _end;
            if (content[^1] == '\r') content = content[..^1];
            line = content;
            return LineKind.Line;
        }
        return LineKind.None;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
