using System.Runtime.InteropServices;

namespace Decnet.Engine.Config;

/// <summary>access(2): the kernel's own answer to "may this process write here", including root and ACLs.</summary>
public static partial class PosixAccess
{
    private const int R_OK = 4;
    private const int W_OK = 2;
    private const int X_OK = 1;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    public static bool CanWrite(string path) => Access(path, W_OK) == 0;
    /// <summary>The directory can be listed and entered (a decnet group member on an installed host).</summary>
    public static bool CanEnter(string path) => Access(path, R_OK | X_OK) == 0;

    public static bool IsRoot => GetEffectiveUserId() == 0;
}
