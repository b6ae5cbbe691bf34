using System.Text;
using NetMQ;

namespace Decnet.Bus;

/// <summary>
/// The CURVE key pair of the bus broker and control server, kept in a small text file (mode 0640, meant to be
/// root:decnet). NetMQ has no ZAP handler, so the server cannot check *who* a client is: any client that knows
/// the server's public key completes the handshake. Knowledge of that key therefore IS the credential, and
/// the key file is what an operator protects. A process without it gets nothing in and nothing out: the CURVE
/// handshake fails before a single message frame is exchanged.
/// </summary>
public sealed class BusCredentials
{
    public const UnixFileMode KeyFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private BusCredentials(NetMQCertificate serverCertificate, string? path)
    {
        ServerCertificate = serverCertificate;
        Path = path;
    }

    /// <summary>The server key pair (the secret half is only used by the broker and control server).</summary>
    internal NetMQCertificate ServerCertificate { get; }

    /// <summary>The file these credentials came from, when they came from one.</summary>
    public string? Path { get; }

    public byte[] ServerPublicKey => ServerCertificate.PublicKey;

    /// <summary>Z85 of the public key: fine to log as a fingerprint only if the file's readers are trusted anyway.</summary>
    internal string ServerPublicKeyZ85 => ServerCertificate.PublicKeyZ85;

    /// <summary>A fresh in-memory key pair (tests, or a broker that shares keys by other means).</summary>
    public static BusCredentials Generate() => new(new NetMQCertificate(), null);

    /// <summary>Loads the key file, or creates it (atomically, mode 0640) when it does not exist yet.</summary>
    public static BusCredentials LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path)) return Load(path);

        var certificate = new NetMQCertificate();
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var tmp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = KeyFileMode;
            using (var stream = new FileStream(tmp, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Render(certificate)));
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, KeyFileMode); // the umask may have narrowed it
            try
            {
                // No overwrite: if another process created the file meanwhile, its keys win and we load them.
                File.Move(tmp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                return Load(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BusCredentialsException($"cannot create bus credentials file '{path}': {e.Message}", e);
        }
        finally
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return new BusCredentials(certificate, path);
    }

    /// <summary>Loads an existing key file; throws <see cref="BusCredentialsException"/> naming the path and the problem.</summary>
    public static BusCredentials Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (FileNotFoundException e)
        {
            throw new BusCredentialsException($"bus credentials file '{path}' does not exist (it is created by 'decnet init' or 'decnet supervise')", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new BusCredentialsException($"bus credentials file '{path}' does not exist (it is created by 'decnet init' or 'decnet supervise')", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BusCredentialsException($"cannot read bus credentials file '{path}': permission denied (run as root or as a member of the decnet group)", e);
        }
        catch (IOException e)
        {
            throw new BusCredentialsException($"cannot read bus credentials file '{path}': {e.Message}", e);
        }
        return new BusCredentials(Parse(text, path), path);
    }

    private static NetMQCertificate Parse(string text, string path)
    {
        string? publicZ85 = null, secretZ85 = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) throw new BusCredentialsException($"bus credentials file '{path}' line {lineNumber}: expected 'public=…' or 'secret=…'");
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            switch (key)
            {
                case "public": publicZ85 = value; break;
                case "secret": secretZ85 = value; break;
                default: throw new BusCredentialsException($"bus credentials file '{path}' line {lineNumber}: unknown key '{key}'");
            }
        }
        if (publicZ85 is null) throw new BusCredentialsException($"bus credentials file '{path}' is malformed: no 'public=' line");
        if (secretZ85 is null) throw new BusCredentialsException($"bus credentials file '{path}' is malformed: no 'secret=' line");
        var publicKey = DecodeKey(publicZ85, "public", path, z => NetMQCertificate.FromPublicKey(z).PublicKey);
        var secretKey = DecodeKey(secretZ85, "secret", path, z => NetMQCertificate.CreateFromSecretKey(z).SecretKey!);
        var derived = NetMQCertificate.CreateFromSecretKey(secretKey);
        if (!derived.PublicKey.AsSpan().SequenceEqual(publicKey))
            throw new BusCredentialsException($"bus credentials file '{path}' is malformed: the public key does not belong to the secret key");
        return derived;
    }

    private static byte[] DecodeKey(string z85, string field, string path, Func<string, byte[]> decode)
    {
        byte[] key;
        try
        {
            key = z85.Length == 40 ? decode(z85) : [];
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or FormatException)
        {
            key = [];
        }
        if (key.Length != 32)
            throw new BusCredentialsException($"bus credentials file '{path}' is malformed: '{field}' is not a 40-character Z85 key");
        return key;
    }

    private static string Render(NetMQCertificate certificate) =>
        "# decnet bus/control CURVE server key pair. Whoever can read this file can use the bus: keep it 0640 root:decnet.\n" +
        $"public={certificate.PublicKeyZ85}\n" +
        $"secret={certificate.SecretKeyZ85}\n";
}

/// <summary>The bus key file is missing, unreadable or malformed; the message names the path.</summary>
public sealed class BusCredentialsException(string message, Exception? inner = null) : Exception(message, inner);
