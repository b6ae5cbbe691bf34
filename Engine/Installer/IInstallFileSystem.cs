namespace Decnet.Engine.Installer;

/// <summary>
/// File operations on host paths. Under --root every path is mapped below the root, so a non-root user can build
/// an image tree; ownership is never set here (chown is a command: run on a host, recorded under --root).
/// </summary>
public interface IInstallFileSystem
{
    /// <summary>Where a host path really is (below --root when one is given).</summary>
    string Resolve(string path);
    bool FileExists(string path);
    bool DirectoryExists(string path);
    string ReadText(string path);
    UnixFileMode? ModeOf(string path);
    bool SameContent(string path, string hostSource);
    void CreateDirectory(string path, UnixFileMode mode);
    void SetMode(string path, UnixFileMode mode);
    void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode mode);
    void CopyAtomically(string hostSource, string path, UnixFileMode mode);
    void Delete(string path, bool recursive);
}
