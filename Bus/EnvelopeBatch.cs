using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Decnet.Bus;

/// <summary>
/// The batch frame of the external transport. Every NetMQ message is two frames, [topic, batch], where
/// batch = repeated (uint32 big-endian length, envelope JSON) for consecutive envelopes of that one topic.
/// </summary>
/// <remarks>
/// Why batches: NetMQ's CURVE encrypts and boxes each frame, and every frame costs its own pass through the
/// socket machinery, so per-message frames cap an encrypted link at a few ten thousand messages per second.
/// One frame carrying many envelopes pays that once. The topic frame still leads so SUB prefix filtering works.
/// </remarks>
public static class EnvelopeBatch
{
    public const int LengthPrefixBytes = 4;

    /// <summary>A batch stops taking envelopes past this size (a single larger envelope travels alone).</summary>
    public const int TargetBytes = 64 * 1024;

    /// <summary>Appends one length-prefixed envelope to <paramref name="batch"/> at <paramref name="offset"/>; returns the new end.</summary>
    public static int Append(Span<byte> batch, int offset, ReadOnlySpan<byte> envelopeJson)
    {
        BinaryPrimitives.WriteUInt32BigEndian(batch.Slice(offset, LengthPrefixBytes), (uint)envelopeJson.Length);
        envelopeJson.CopyTo(batch[(offset + LengthPrefixBytes)..]);
        return offset + LengthPrefixBytes + envelopeJson.Length;
    }

    /// <summary>Space one envelope takes in a batch.</summary>
    public static int SizeOf(int envelopeBytes) => LengthPrefixBytes + envelopeBytes;

    /// <summary>A whole batch from envelopes (tests and tools; the transport appends in place).</summary>
    public static byte[] Encode(IEnumerable<byte[]> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var list = envelopes.ToList();
        var batch = new byte[list.Sum(e => SizeOf(e.Length))];
        var offset = 0;
        foreach (var envelope in list) offset = Append(batch, offset, envelope);
        return batch;
    }

    /// <summary>Walks the entries of a batch without copying.</summary>
    public static Reader Read(ReadOnlySpan<byte> batch) => new(batch);

    /// <summary>
    /// Decodes every entry whose framing holds; each envelope gets its own copy of its bytes (it outlives the frame).
    /// An entry that does not decode, or whose topic differs from <paramref name="expectedTopic"/>, is counted and
    /// skipped, and the entries after it are still delivered; a truncated tail counts once and ends the batch.
    /// </summary>
    /// <returns>The number of malformed entries.</returns>
    public static int Decode(ReadOnlySpan<byte> batch, ReadOnlySpan<byte> expectedTopic, Action<BusEnvelope> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        var malformed = 0;
        var reader = Read(batch);
        while (reader.TryNext(out var entry))
        {
            if (TryDecodeEntry(entry, expectedTopic, out var envelope)) deliver(envelope);
            else malformed++;
        }
        return malformed + (reader.Truncated ? 1 : 0);
    }

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

    /// <summary>Counts the entries whose framing holds; <paramref name="truncated"/> reports a broken tail.</summary>
    public static int Count(ReadOnlySpan<byte> batch, out bool truncated)
    {
        var reader = Read(batch);
        var count = 0;
        while (reader.TryNext(out _)) count++;
        truncated = reader.Truncated;
        return count;
    }

    /// <summary>Iterates the length-prefixed entries of one batch.</summary>
    public ref struct Reader
    {
        private ReadOnlySpan<byte> _rest;

        internal Reader(ReadOnlySpan<byte> batch) => _rest = batch;

        /// <summary>True once an entry's length prefix or body ran past the end of the batch (the rest is unreadable).</summary>
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
