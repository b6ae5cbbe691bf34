using System.Runtime.InteropServices;

namespace Decnet.Storage;

/// <summary>
/// The few libc calls the ownership lock (and the outbox journal's directory sync) needs. The lock file is opened with open(2), not FileStream, because
/// .NET itself flock()s files it opens (LOCK_SH, or LOCK_EX for FileShare.None), which would make the lock file
/// unreadable to anyone wanting to see who holds it. Flag values are Linux x86-64/arm64.
/// </summary>
internal static partial class LibC
{
    public const int ORdOnly = 0x0;
    public const int ORdWr = 0x2;
    public const int OCreat = 0x40;
    public const int OCloExec = 0x80000;

    public const int LockSh = 1;
    public const int LockEx = 2;
    public const int LockNb = 4;

    public const int EIntr = 4;
    public const int EWouldBlock = 11;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>Makes a rename inside <paramref name="directory"/> durable (fsync of the directory); best effort.</summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, ORdOnly | OCloExec, 0);
        if (fd < 0) return;
        Fsync(fd);
        Close(fd);
    }

    /// <summary>flock, retried when a signal interrupts it. Returns 0 or the errno.</summary>
    public static int FlockErrno(int fd, int operation)
    {
        while (true)
        {
            if (Flock(fd, operation) == 0) return 0;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EIntr) return errno;
        }
    }
}
