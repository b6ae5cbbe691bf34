using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;

namespace Decnet.Bus;

/// <summary>
/// The batch frame of the external transport. Every NetMQ message is two frames, [topic, batch], carrying
/// consecutive envelopes of that one topic. A batch frame is a 9-byte header, then the entries:
/// <code>
/// byte     format   0 = entries as they are, 1 = entries Brotli-compressed
/// uint32   count    number of entries (big-endian)
/// uint32   length   byte length of the entries once uncompressed (big-endian)
/// entries           repeated (uint32 big-endian length, envelope JSON)
/// </code>
/// </summary>
/// <remarks>
/// Why batches: NetMQ's CURVE encrypts and boxes each frame, and every frame costs its own pass through the
/// socket machinery, so per-message frames cap an encrypted link at a few ten thousand messages per second.
/// One frame carrying many envelopes pays that once. The topic frame still leads so SUB prefix filtering works.
/// Why compression: what remains is CURVE itself, whose managed XSalsa20-Poly1305 (NaCl.Net, inside NetMQ)
/// runs near 160 MB/s per pass, and a message through the broker is encrypted twice and decrypted twice.
/// JSON envelopes of one topic compress 7-10x (measured on real Cowrie events), and Brotli at quality 0 is
/// several times faster than the cipher, so a batch of more than <see cref="CompressAbove"/> bytes is
/// compressed. Each batch is compressed on its own and holds one topic only, so attacker-supplied text is
/// never compressed together with another topic's content (no cross-topic length oracle).
/// </remarks>
public static class EnvelopeBatch
{
    public const int HeaderBytes = 9;
    public const int LengthPrefixBytes = 4;

    /// <summary>A batch stops taking envelopes past this size (a single larger envelope travels alone).</summary>
    public const int TargetBytes = 64 * 1024;

    /// <summary>Entries smaller than this travel uncompressed (a lone message gains little and would pay the encoder's setup).</summary>
    public const int CompressAbove = 1024;

    /// <summary>Bound on a batch's declared uncompressed length: a larger claim is refused, not allocated.</summary>
    public const int MaxEntriesBytes = 64 * 1024 * 1024;

    internal const byte FormatPlain = 0;
    internal const byte FormatBrotli = 1;
    private const int BrotliQuality = 0;
    private const int BrotliWindowBits = 16;

    /// <summary>Appends one length-prefixed envelope to <paramref name="entries"/> at <paramref name="offset"/>; returns the new end.</summary>
    public static int AppendEntry(Span<byte> entries, int offset, ReadOnlySpan<byte> envelopeJson)
    {
        BinaryPrimitives.WriteUInt32BigEndian(entries.Slice(offset, LengthPrefixBytes), (uint)envelopeJson.Length);
        envelopeJson.CopyTo(entries[(offset + LengthPrefixBytes)..]);
        return offset + LengthPrefixBytes + envelopeJson.Length;
    }

    /// <summary>Space one envelope takes among the entries.</summary>
    public static int EntrySize(int envelopeBytes) => LengthPrefixBytes + envelopeBytes;

    /// <summary>A whole batch frame from encoded envelopes (tests and tools; the transport builds frames in place).</summary>
    public static byte[] Encode(IEnumerable<byte[]> envelopes, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var list = envelopes.ToList();
        var entries = new byte[list.Sum(e => EntrySize(e.Length))];
        var offset = 0;
        foreach (var envelope in list) offset = AppendEntry(entries, offset, envelope);
        return new BatchFrameEncoder(compress).Encode(entries, list.Count).ToArray();
    }

    /// <summary>Reads the header; false when the frame is too short or the header is not one this decnet writes.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> frame, out byte format, out int count, out int entriesLength)
    {
        format = 0;
        count = 0;
        entriesLength = 0;
        if (frame.Length < HeaderBytes) return false;
        format = frame[0];
        var rawCount = BinaryPrimitives.ReadUInt32BigEndian(frame[1..]);
        var rawLength = BinaryPrimitives.ReadUInt32BigEndian(frame[5..]);
        if (format > FormatBrotli || rawLength > MaxEntriesBytes || rawCount > rawLength / LengthPrefixBytes) return false;
        if (format == FormatPlain && rawLength != frame.Length - HeaderBytes) return false;
        count = (int)rawCount;
        entriesLength = (int)rawLength;
        return true;
    }

    /// <summary>
    /// Decodes every entry whose framing holds; each envelope gets its own copy of its bytes (it outlives the frame).
    /// An entry that does not decode, or whose topic differs from <paramref name="expectedTopic"/>, is counted and
    /// skipped, and the entries after it are still delivered; a truncated tail counts once and ends the batch, and
    /// a frame whose header or compressed body is unreadable counts once.
    /// </summary>
    /// <returns>The number of malformed entries.</returns>
    public static int Decode(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> expectedTopic, Action<BusEnvelope> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        if (!new BatchFrameDecoder().TryOpen(frame, out var entries)) return 1;
        var malformed = 0;
        var reader = ReadEntries(entries);
        while (reader.TryNext(out var entry))
        {
            if (TryDecodeEntry(entry, expectedTopic, out var envelope)) deliver(envelope);
            else malformed++;
        }
        return malformed + (reader.Truncated ? 1 : 0);
    }

    /// <summary>Walks length-prefixed entries (the part after the header, uncompressed) without copying.</summary>
    public static EntryReader ReadEntries(ReadOnlySpan<byte> entries) => new(entries);

    /// <summary>One entry: false when it does not decode or carries another topic than its batch.</summary>
    internal static bool TryDecodeEntry(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> expectedTopic, [NotNullWhen(true)] out BusEnvelope? envelope)
    {
        envelope = null;
        if (entry.IsEmpty) return false;
        try
        {
            var decoded = EnvelopeCodec.Decode(entry.ToArray());
            if (!TopicEquals(decoded.Topic, expectedTopic)) return false;
            envelope = decoded;
            return true;
        }
        catch (EnvelopeFormatException)
        {
            return false;
        }
    }

    private static bool TopicEquals(string topic, ReadOnlySpan<byte> utf8)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (System.Text.Encoding.UTF8.GetMaxByteCount(topic.Length) > buffer.Length)
            return System.Text.Encoding.UTF8.GetBytes(topic).AsSpan().SequenceEqual(utf8);
        var written = System.Text.Encoding.UTF8.GetBytes(topic, buffer);
        return buffer[..written].SequenceEqual(utf8);
    }

    internal static bool TryCompress(ReadOnlySpan<byte> entries, Span<byte> destination, out int written)
        => BrotliEncoder.TryCompress(entries, destination, out written, BrotliQuality, BrotliWindowBits);

    internal static int MaxCompressedLength(int length) => BrotliEncoder.GetMaxCompressedLength(length);

    internal static bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> destination, out int written)
        => BrotliDecoder.TryDecompress(compressed, destination, out written);

    /// <summary>Iterates the length-prefixed entries of one batch.</summary>
    public ref struct EntryReader
    {
        private ReadOnlySpan<byte> _rest;

        internal EntryReader(ReadOnlySpan<byte> entries) => _rest = entries;

        /// <summary>True once an entry's length prefix or body ran past the end (the rest is unreadable).</summary>
        public bool Truncated { get; private set; }

        public bool TryNext(out ReadOnlySpan<byte> entry)
        {
            entry = default;
            if (_rest.IsEmpty) return false;
            if (_rest.Length < LengthPrefixBytes)
            {
                Truncated = true;
                _rest = default;
                return false;
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(_rest);
            if (length > (uint)(_rest.Length - LengthPrefixBytes))
            {
                Truncated = true;
                _rest = default;
                return false;
            }
            entry = _rest.Slice(LengthPrefixBytes, (int)length);
            _rest = _rest[(LengthPrefixBytes + (int)length)..];
            return true;
        }
    }
}

/// <summary>Builds batch frames in a reusable buffer; one per sending thread.</summary>
internal sealed class BatchFrameEncoder(bool compress = true)
{
    private byte[] _buffer = new byte[EnvelopeBatch.HeaderBytes + 1024];

    /// <summary>The frame for <paramref name="entries"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> entries, int count)
    {
        if (compress && entries.Length >= EnvelopeBatch.CompressAbove)
        {
            Ensure(EnvelopeBatch.HeaderBytes + EnvelopeBatch.MaxCompressedLength(entries.Length));
            if (EnvelopeBatch.TryCompress(entries, _buffer.AsSpan(EnvelopeBatch.HeaderBytes), out var written) && written < entries.Length)
                return Frame(EnvelopeBatch.FormatBrotli, count, entries.Length, written);
        }
        Ensure(EnvelopeBatch.HeaderBytes + entries.Length);
        entries.CopyTo(_buffer.AsSpan(EnvelopeBatch.HeaderBytes));
        return Frame(EnvelopeBatch.FormatPlain, count, entries.Length, entries.Length);
    }

    private ReadOnlySpan<byte> Frame(byte format, int count, int entriesLength, int bodyLength)
    {
        _buffer[0] = format;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(1), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(5), (uint)entriesLength);
        return _buffer.AsSpan(0, EnvelopeBatch.HeaderBytes + bodyLength);
    }

    private void Ensure(int size)
    {
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
    }
}

/// <summary>Opens batch frames, decompressing into a reusable buffer; one per receiving thread.</summary>
internal sealed class BatchFrameDecoder
{
    private byte[] _buffer = [];

    /// <summary>The entries of <paramref name="frame"/> (valid until the next call); false when the header or compressed body is unreadable.</summary>
    public bool TryOpen(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> entries)
    {
        entries = default;
        if (!EnvelopeBatch.TryReadHeader(frame, out var format, out _, out var length)) return false;
        var body = frame[EnvelopeBatch.HeaderBytes..];
        if (format == EnvelopeBatch.FormatPlain)
        {
            entries = body;
            return true;
        }
        if (_buffer.Length < length) _buffer = new byte[Math.Max(length, Math.Min(2 * _buffer.Length, EnvelopeBatch.MaxEntriesBytes))];
        if (!EnvelopeBatch.TryDecompress(body, _buffer.AsSpan(0, length), out var written) || written != length) return false;
        entries = _buffer.AsSpan(0, length);
        return true;
    }
}
