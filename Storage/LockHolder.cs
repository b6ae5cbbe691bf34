using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Decnet.Storage;

/// <summary>Who owns a data dir: written into the lock file by the owner right after it takes the lock.</summary>
public sealed record LockHolder(int Pid, string Command, DateTimeOffset Started)
{
    /// <summary>One-line description for messages, e.g. "pid 123 (decnet supervise, since 2026-05-01T10:00:00Z)".</summary>
    public string Describe() =>
        $"pid {Pid} (decnet {Command}, since {Started.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})";

    /// <summary>
    /// Reads the holder description from <c>&lt;dataDir&gt;/decnet.db.lock</c>. Null when there is no file, it is
    /// empty (no owner, or an owner that has not written yet) or not decnet's JSON. It does not check the lock is
    /// still held: an owner that crashed leaves its description behind (see <see cref="StoreLock.IsHeld"/>).
    /// </summary>
    public static LockHolder? Read(string dataDir)
    {
        var path = Path.Combine(dataDir, StoreLock.FileName);
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.OCloExec, 0);
        if (fd < 0) return null;
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = new byte[4096];
        var length = RandomAccess.Read(handle, buffer, 0);
        return Parse(buffer.AsSpan(0, length));
    }

    internal static LockHolder? Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty) return null;
        try
        {
            var dto = JsonSerializer.Deserialize(json, LockHolderJsonContext.Default.LockHolderJson);
            return dto is { Command: not null } ? new LockHolder(dto.Pid, dto.Command, new DateTimeOffset(dto.Started.ToUniversalTime())) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(
        new LockHolderJson { Pid = Pid, Command = Command, Started = Started.UtcDateTime },
        LockHolderJsonContext.Default.LockHolderJson);
}

internal sealed class LockHolderJson
{
    public int Pid { get; set; }
    public string? Command { get; set; }
    public DateTime Started { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LockHolderJson))]
internal sealed partial class LockHolderJsonContext : JsonSerializerContext;
