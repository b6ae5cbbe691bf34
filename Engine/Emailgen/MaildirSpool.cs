using System.Globalization;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// The spool an IMAP/POP3 decky mounts: <c>&lt;root&gt;/&lt;decky&gt;/&lt;user&gt;/Maildir/{tmp,new,cur}</c> (the inbox) and
/// <c>Maildir/.Sent/</c> (Maildir++ folder). Every message is written to <c>tmp/</c>, its mtime set to its Date, then
/// renamed into <c>new/</c> (unread) or <c>cur/</c> with <c>:2,S</c> (seen) — a reader never sees half a message.
/// </summary>
public sealed class MaildirSpool(string root)
{
    public const string SentFolder = ".Sent";
    private static long _sequence;
    private static readonly string Host = SafeHost();
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The inbox Maildir of <paramref name="user"/> on <paramref name="decky"/> (names are checked: no path tricks).</summary>
    public string Inbox(string decky, string user) => Path.Combine(Root, RequireDecky(decky), RequireName(user, "user"), "Maildir");

    public string Sent(string decky, string user) => Path.Combine(Inbox(decky, user), SentFolder);

    /// <summary>Writes one message into <paramref name="maildir"/>; returns the final path.</summary>
    public string Deliver(string maildir, ReadOnlySpan<byte> message, DateTimeOffset date, bool seen)
    {
        Ensure(maildir);
        var seq = Interlocked.Increment(ref _sequence);
        var unix = date.ToUnixTimeSeconds();
        var micros = (date.UtcTicks / 10) % 1_000_000;
        var ci = CultureInfo.InvariantCulture;
        var unique = $"{unix.ToString(ci)}.M{micros.ToString(ci)}P{Environment.ProcessId.ToString(ci)}Q{seq.ToString(ci)}.{Host},S={message.Length.ToString(ci)}";
        var tmp = Path.Combine(maildir, "tmp", unique);
        // One handle for write and mtime (futimens): no buffer, no second path lookup.
        using (var handle = File.OpenHandle(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, message, 0);
            File.SetLastWriteTimeUtc(handle, date.UtcDateTime);
        }
        var final = seen ? Path.Combine(maildir, "cur", unique + ":2,S") : Path.Combine(maildir, "new", unique);
        File.Move(tmp, final);
        return final;
    }

    /// <summary>Keeps the newest <paramref name="unread"/> messages in new/ and moves the rest to cur/ as seen.</summary>
    public int KeepNewestUnread(string maildir, int unread)
    {
        var dir = Path.Combine(maildir, "new");
        if (!Directory.Exists(dir)) return 0;
        var files = new DirectoryInfo(dir).GetFiles().OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal).ToArray();
        var moved = 0;
        foreach (var f in files.Skip(unread))
        {
            File.Move(f.FullName, Path.Combine(maildir, "cur", f.Name + ":2,S"));
            moved++;
        }
        return moved;
    }

    /// <summary>Deletes the oldest messages (by mtime, i.e. Date) past <paramref name="cap"/> in new/ + cur/; returns how many went.</summary>
    public int Prune(string maildir, int cap)
    {
        var files = Messages(maildir).ToArray();
        if (files.Length <= cap) return 0;
        var doomed = files.OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).Take(files.Length - cap).ToArray();
        foreach (var f in doomed) f.Delete();
        return doomed.Length;
    }

    /// <summary>Every message file in new/ and cur/ of one Maildir.</summary>
    public static IEnumerable<FileInfo> Messages(string maildir)
    {
        foreach (var sub in (string[])["new", "cur"])
        {
            var dir = Path.Combine(maildir, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var f in new DirectoryInfo(dir).EnumerateFiles()) yield return f;
        }
    }

    /// <summary>The users with a Maildir under <paramref name="decky"/>.</summary>
    public IReadOnlyList<string> Users(string decky)
    {
        var dir = Path.Combine(Root, RequireDecky(decky));
        return Directory.Exists(dir)
            ? Directory.GetDirectories(dir).Where(d => Directory.Exists(Path.Combine(d, "Maildir"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    private void Ensure(string maildir)
    {
        lock (_created)
        {
            if (_created.Contains(maildir)) return;
            foreach (var sub in (string[])["tmp", "new", "cur"]) Directory.CreateDirectory(Path.Combine(maildir, sub));
            // Maildir++: a subfolder says so, which is how Dovecot tells it from a stray directory.
            if (Path.GetFileName(maildir).StartsWith('.') && !File.Exists(Path.Combine(maildir, "maildirfolder")))
                File.WriteAllBytes(Path.Combine(maildir, "maildirfolder"), []);
            _created.Add(maildir);
        }
    }

    /// <summary>A decky or user name usable as one path component: letters, digits, '.', '_', '-', not starting with '.'.</summary>
    public static string RequireName(string name, string what)
    {
        if (!IsValidName(name)) throw new ArgumentException($"{what} '{name}' is not a valid mailbox path name (letters, digits, . _ -; not starting with .)");
        return name;
    }

    /// <summary>A decky name is also a bus topic token (orchestrator.email.&lt;decky&gt;), so no '.' either.</summary>
    public static string RequireDecky(string decky)
    {
        if (!IsValidName(decky) || decky.Contains('.')) throw new ArgumentException($"decky '{decky}' is not a valid decky name (letters, digits, _ -)");
        return decky;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string SafeHost()
    {
        var h = Environment.MachineName;
        return string.Concat(h.Select(c => c is '/' or ':' or ',' ? '_' : c));
    }
}
