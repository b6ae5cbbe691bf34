using System.Buffers.Binary;
using System.IO.Hashing;

namespace Decnet.Storage;

/// <summary>
/// An append-only file of checksummed records: an 8-byte magic, then per record its payload length (u32), CRC-32 of
/// the payload (u32) and the payload. A batch of records is one write(2), made durable by one fsync when asked.
/// Opening replays every intact record in order; a torn or corrupt tail (a write cut short by a crash, never
/// acknowledged) is cut off and reported. <see cref="Rewrite"/> replaces the file atomically (new file, fsync, rename).
/// </summary>
internal sealed class OutboxJournal : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "DNOUTBX1"u8;
    private const int FrameHeader = 8;
    private const int MaxRecord = 64 * 1024 * 1024;

    private readonly string _path;
    private FileStream _file;

    private OutboxJournal(string path, FileStream file)
    {
        _path = path;
        _file = file;
    }

    public long Length => _file.Length;

    /// <summary>Opens (or creates) the journal and hands every intact record's payload to <paramref name="apply"/>.</summary>
    /// <param name="droppedBytes">Bytes cut off a torn or corrupt tail (0 when the file was whole).</param>
    public static OutboxJournal Open(string path, Action<ReadOnlyMemory<byte>> apply, out long droppedBytes)
    {
        droppedBytes = 0;
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            if (file.Length < Magic.Length)
            {
                droppedBytes = file.Length;
                file.SetLength(0);
                file.Write(Magic);
                file.Flush(flushToDisk: true);
                return new OutboxJournal(path, file);
            }
            var all = new byte[file.Length];
            file.ReadExactly(all);
            if (!all.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw new InvalidDataException($"{path}: not a decnet outbox journal");
            var at = Magic.Length;
            while (TryFrame(all, at, out var payload))
            {
                apply(all.AsMemory(at + FrameHeader, payload));
                at += FrameHeader + payload;
            }
            if (at < all.Length)
            {
                droppedBytes = all.Length - at;
                file.SetLength(at);
                file.Flush(flushToDisk: true);
            }
            file.Seek(0, SeekOrigin.End);
            return new OutboxJournal(path, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static bool TryFrame(byte[] all, int at, out int payload)
    {
        payload = 0;
        if (all.Length - at < FrameHeader) return false;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(at));
        if (length > MaxRecord || length > all.Length - at - FrameHeader) return false;
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(at + 4));
        if (Crc32.HashToUInt32(all.AsSpan(at + FrameHeader, (int)length)) != crc) return false;
        payload = (int)length;
        return true;
    }

    /// <summary>Appends framed records (see <see cref="OutboxBatch"/>); with <paramref name="durable"/> they are on disk on return.</summary>
    public void Append(OutboxBatch batch, bool durable)
    {
        if (batch.Length == 0) return;
        _file.Write(batch.Framed);
        if (durable) _file.Flush(flushToDisk: true);
    }

    /// <summary>fsync: everything appended so far is on disk.</summary>
    public void Sync() => _file.Flush(flushToDisk: true);

    /// <summary>Replaces the whole journal with <paramref name="batch"/>'s records, atomically.</summary>
    public void Rewrite(OutboxBatch batch)
    {
        var tmp = _path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            f.Write(Magic);
            f.Write(batch.Framed);
            f.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, File.GetUnixFileMode(_path));
        _file.Dispose();
        File.Move(tmp, _path, overwrite: true);
        LibC.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        _file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        _file.Seek(0, SeekOrigin.End);
    }

    public void Dispose()
    {
        try { _file.Flush(flushToDisk: true); }
        catch (ObjectDisposedException) { }
        _file.Dispose();
    }
}

/// <summary>Records framed for <see cref="OutboxJournal"/>: write each payload between Begin and End.</summary>
internal sealed class OutboxBatch
{
    private readonly MemoryStream _buffer = new();
    private long _start = -1;

    public OutboxBatch() => Writer = new BinaryWriter(_buffer, Codecs.WebhookDeliveryRecord.Utf8, leaveOpen: true);

    public BinaryWriter Writer { get; }
    public int Length => (int)_buffer.Length;
    public int Records { get; private set; }
    public ReadOnlySpan<byte> Framed => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

    public void Begin()
    {
        Writer.Flush();
        _start = _buffer.Length;
        Writer.Write(0UL); // length and CRC, filled in by End
    }

    /// <summary>Closes the record; returns its framed size.</summary>
    public int End()
    {
        Writer.Flush();
        var span = _buffer.GetBuffer().AsSpan((int)_start, (int)(_buffer.Length - _start));
        var payload = span.Length - 8;
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payload);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.HashToUInt32(span[8..]));
        _start = -1;
        Records++;
        return payload + 8;
    }

    public void Clear()
    {
        _buffer.SetLength(0);
        Records = 0;
    }
}
