using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Decnet.Storage;

/// <summary>
/// Ownership of a data dir: an OS advisory lock (flock LOCK_EX) on <c>&lt;data-dir&gt;/decnet.db.lock</c>, held as
/// long as this object lives. LiteDB takes no cross-process lock on Linux, so this is what keeps two decnet processes
/// from writing one database. flock belongs to the open file description, so a second acquire fails even inside
/// the same process, and the kernel releases it when the process dies — a crashed owner never leaves a stale lock.
/// A separate lock file is used (not decnet.db) because .NET takes its own LOCK_SH on files LiteDB opens.
/// </summary>
public sealed class StoreLock : IDisposable
{
    public const string FileName = "decnet.db.lock";

    private static readonly TimeSpan UnknownHolderRetry = TimeSpan.FromMilliseconds(20);
    private SafeFileHandle? _handle;
    private readonly int _fd;

    private StoreLock(SafeFileHandle handle, int fd, string path, LockHolder holder)
    {
        _handle = handle;
        _fd = fd;
        LockPath = path;
        Holder = holder;
    }

    public string LockPath { get; }
    public LockHolder Holder { get; }

    /// <summary>
    /// Takes the lock without waiting. On failure <paramref name="currentHolder"/> is the owner's description when
    /// it could be read. Throws <see cref="IOException"/> when the lock file cannot be opened at all.
    /// </summary>
    public static bool TryAcquire(string dataDir, string command, TimeProvider time,
        [NotNullWhen(true)] out StoreLock? lockHandle, out LockHolder? currentHolder)
    {
        var path = Path.Combine(dataDir, FileName);
        // An owner that has just taken the lock may not have written its description yet, and a StoreLock.IsHeld
        // probe holds LOCK_SH for an instant: retry briefly before reporting "holder unknown".
        for (var attempt = 0; ; attempt++)
        {
            var fd = LibC.Open(path, LibC.ORdWr | LibC.OCreat | LibC.OCloExec, 0b110_100_000);
            if (fd < 0)
                throw new IOException($"cannot open lock file {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            var handle = new SafeFileHandle(fd, ownsHandle: true);
            var errno = LibC.FlockErrno(fd, LibC.LockEx | LibC.LockNb);
            if (errno == 0)
            {
                var holder = new LockHolder(Environment.ProcessId, command, time.GetUtcNow());
                var owned = new StoreLock(handle, fd, path, holder);
                owned.WriteDescription();
                lockHandle = owned;
                currentHolder = holder;
                return true;
            }
            handle.Dispose();
            if (errno != LibC.EWouldBlock)
                throw new IOException($"cannot lock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
            currentHolder = LockHolder.Read(dataDir);
            if (currentHolder != null || attempt >= 2)
            {
                lockHandle = null;
                return false;
            }
            Thread.Sleep(UnknownHolderRetry);
        }
    }

    /// <summary>True when some process (this one included) owns the data dir right now.</summary>
    public static bool IsHeld(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.OCloExec, 0);
        if (fd < 0) return false;
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        return LibC.FlockErrno(fd, LibC.LockSh | LibC.LockNb) == LibC.EWouldBlock;
    }

    private void WriteDescription()
    {
        var bytes = Holder.ToJsonBytes();
        LibC.Ftruncate(_fd, 0);
        RandomAccess.Write(_handle!, bytes, 0);
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, null);
        if (handle == null) return;
        // Clear the description first so nobody reads a released lock as held; closing the fd releases the flock.
        LibC.Ftruncate(_fd, 0);
        handle.Dispose();
    }
}
