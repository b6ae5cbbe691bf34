namespace Decnet.Engine.Installer;

/// <summary>The real file system, below <paramref name="root"/> ("/" on a host).</summary>
public sealed class RootedFileSystem(string root) : IInstallFileSystem
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Resolve(string path)
    {
        if (!Path.IsPathRooted(path)) throw new ArgumentException($"'{path}' is not an absolute path", nameof(path));
        return Root == "/" ? path : Path.Join(Root, path.TrimStart('/'));
    }

    public bool FileExists(string path) => File.Exists(Resolve(path));

    public bool DirectoryExists(string path) => Directory.Exists(Resolve(path));

    public string ReadText(string path) => File.ReadAllText(Resolve(path));

    public UnixFileMode? ModeOf(string path)
    {
        var real = Resolve(path);
        return File.Exists(real) || Directory.Exists(real) ? File.GetUnixFileMode(real) : null;
    }

    public bool SameContent(string path, string hostSource)
    {
        var real = Resolve(path);
        if (!File.Exists(real)) return false;
        using var a = File.OpenRead(real);
        using var b = File.OpenRead(hostSource);
        if (a.Length != b.Length) return false;
        var bufA = new byte[81920];
        var bufB = new byte[81920];
        while (true)
        {
            var n = a.ReadAtLeast(bufA, bufA.Length, throwOnEndOfStream: false);
            var m = b.ReadAtLeast(bufB, bufB.Length, throwOnEndOfStream: false);
            if (n != m || !bufA.AsSpan(0, n).SequenceEqual(bufB.AsSpan(0, m))) return false;
            if (n == 0) return true;
        }
    }

    public void CreateDirectory(string path, UnixFileMode mode)
    {
        var real = Resolve(path);
        Directory.CreateDirectory(real, mode);
        File.SetUnixFileMode(real, mode); // the umask may have narrowed it
    }

    public void SetMode(string path, UnixFileMode mode) => File.SetUnixFileMode(Resolve(path), mode);

    public void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var real = Resolve(path);
        var tmp = TempBeside(real);
        try
        {
            using (var s = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            {
                s.Write(content);
                s.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(tmp, mode);
            File.Move(tmp, real, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public void CopyAtomically(string hostSource, string path, UnixFileMode mode)
    {
        var real = Resolve(path);
        var tmp = TempBeside(real);
        try
        {
            File.Copy(hostSource, tmp);
            File.SetUnixFileMode(tmp, mode);
            // A rename replaces the file even while the old binary runs (ETXTBSY only hits writes in place).
            File.Move(tmp, real, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public void Delete(string path, bool recursive)
    {
        var real = Resolve(path);
        if (Directory.Exists(real)) Directory.Delete(real, recursive);
        else if (File.Exists(real)) File.Delete(real);
    }

    private static string TempBeside(string real)
    {
        var dir = Path.GetDirectoryName(real)!;
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $".{Path.GetFileName(real)}.{Environment.ProcessId}.tmp");
    }
}
