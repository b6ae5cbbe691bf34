namespace Decnet.Engine.Ingest;

/// <summary>
/// Incremental RFC 6587 deframer for syslog over a byte stream (TCP, Unix stream socket). Feed chunks of any size with
/// <see cref="Append"/>, then call <see cref="TryRead"/> until it returns false. The framing is detected per message:
/// a frame starting with a digit is octet-counted (<c>LEN SP MSG</c>), anything else is newline-terminated
/// (LF; CRLF and NUL are tolerated). Not thread-safe: one decoder per connection.
/// </summary>
/// <remarks>
/// A message longer than <see cref="MaxMessageSize"/> is counted in <see cref="OversizeSkipped"/> and dropped: an
/// octet-counted one by skipping exactly its length (its end is known; octet-counted streams may have no LF at all),
/// a newline-framed one by resynchronising at the next LF.
/// </remarks>
public sealed class SyslogFrameDecoder
{
    public const int DefaultMaxMessageSize = 64 * 1024;

    /// <summary>More length digits than this cannot be an octet count (max 999,999,999): the frame is newline-framed.</summary>
    private const int MaxLengthDigits = 9;

    private enum State { FrameStart, Length, Counted, Newline, SkipBytes, SkipToLf }

    private byte[] _buffer = new byte[4096];
    private int _start, _end, _scan;
    private long _remaining;
    private State _state;
    private bool _completed;

    public SyslogFrameDecoder(int maxMessageSize = DefaultMaxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 1);
        MaxMessageSize = maxMessageSize;
    }

    public int MaxMessageSize { get; }

    /// <summary>Messages dropped for exceeding <see cref="MaxMessageSize"/>.</summary>
    public long OversizeSkipped { get; private set; }

    /// <summary>Octet-counted frames cut short by the end of the stream (see <see cref="Complete"/>).</summary>
    public long Truncated { get; private set; }

    /// <summary>Bytes held waiting for the rest of a frame.</summary>
    public int Buffered => _end - _start;

    /// <summary>Adds received bytes. Spans returned by <see cref="TryRead"/> before this call become invalid.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_completed) throw new InvalidOperationException("Append after Complete");
        if (chunk.IsEmpty) return;
        if (_buffer.Length - _end < chunk.Length)
        {
            var pending = _end - _start;
            if (_buffer.Length - pending >= chunk.Length && _start > 0)
            {
                _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            }
            else
            {
                var bigger = new byte[Math.Max(_buffer.Length * 2, pending + chunk.Length)];
                _buffer.AsSpan(_start, pending).CopyTo(bigger);
                _buffer = bigger;
            }
            _scan -= _start;
            _end = pending;
            _start = 0;
        }
        chunk.CopyTo(_buffer.AsSpan(_end));
        _end += chunk.Length;
    }

    /// <summary>
    /// Marks the end of the stream: a final newline-framed message without its LF is then returned by
    /// <see cref="TryRead"/>; an incomplete octet-counted frame is counted in <see cref="Truncated"/> and dropped.
    /// </summary>
    public void Complete() => _completed = true;

    /// <summary>
    /// The next complete message (framing removed, trailing CR dropped), valid until the next <see cref="Append"/> or
    /// <see cref="TryRead"/>. Empty frames are skipped.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<byte> message)
    {
        message = default;
        while (true)
        {
            switch (_state)
            {
                case State.FrameStart:
                    while (_start < _end && _buffer[_start] is (byte)'\n' or (byte)'\r' or 0) _start++;
                    if (_start == _end) { _start = _end = _scan = 0; return false; }
                    _scan = _start;
                    _state = _buffer[_start] is >= (byte)'1' and <= (byte)'9' ? State.Length : State.Newline;
                    continue;

                case State.Length:
                {
                    var i = _scan;
                    while (i < _end && i - _start <= MaxLengthDigits && (uint)(_buffer[i] - '0') <= 9) i++;
                    if (i == _end && i - _start <= MaxLengthDigits)
                    {
                        if (!_completed) { _scan = i; return false; }
                        _state = State.Newline; // only digits left at the end: a (strange) last line
                        _scan = _start;
                        continue;
                    }
                    if (i - _start > MaxLengthDigits || _buffer[i] != ' ')
                    {
                        _state = State.Newline;
                        _scan = _start;
                        continue;
                    }
                    long length = 0;
                    for (var d = _start; d < i; d++) length = length * 10 + (_buffer[d] - '0');
                    _start = i + 1;
                    _remaining = length;
                    if (length > MaxMessageSize) { OversizeSkipped++; _state = State.SkipBytes; }
                    else _state = State.Counted;
                    continue;
                }

                case State.Counted:
                {
                    var length = (int)_remaining;
                    if (_end - _start >= length)
                    {
                        message = _buffer.AsSpan(_start, length);
                        _start += length;
                        _state = State.FrameStart;
                        if (message.IsEmpty) continue;
                        return true;
                    }
                    if (_completed) { Truncated++; _start = _end; _state = State.FrameStart; continue; }
                    return false;
                }

                case State.Newline:
                {
                    var found = _buffer.AsSpan(_scan, _end - _scan).IndexOfAny((byte)'\n', (byte)0);
                    if (found >= 0)
                    {
                        var end = _scan + found;
                        var frame = _buffer.AsSpan(_start, end - _start);
                        _start = end + 1;
                        _state = State.FrameStart;
                        if (frame.Length > 0 && frame[^1] == '\r') frame = frame[..^1];
                        if (frame.Length > MaxMessageSize) { OversizeSkipped++; continue; }
                        if (frame.IsEmpty) continue;
                        message = frame;
                        return true;
                    }
                    _scan = _end;
                    if (_end - _start > MaxMessageSize)
                    {
                        OversizeSkipped++;
                        _start = _end;
                        _state = State.SkipToLf;
                        continue;
                    }
                    if (_completed && _end > _start)
                    {
                        var frame = _buffer.AsSpan(_start, _end - _start);
                        _start = _end;
                        _state = State.FrameStart;
                        if (frame[^1] == '\r') frame = frame[..^1];
                        if (frame.IsEmpty) continue;
                        message = frame;
                        return true;
                    }
                    return false;
                }

                case State.SkipToLf:
                {
                    var found = _buffer.AsSpan(_start, _end - _start).IndexOfAny((byte)'\n', (byte)0);
                    if (found < 0) { _start = _end; return false; }
                    _start += found + 1;
                    _state = State.FrameStart;
                    continue;
                }

                case State.SkipBytes:
                {
                    var n = (int)Math.Min(_remaining, _end - _start);
                    _start += n;
                    _remaining -= n;
                    if (_remaining > 0) return false;
                    _state = State.FrameStart;
                    continue;
                }
            }
        }
    }
}
