using System.Globalization;

namespace Decnet.Engine.Installer;

/// <summary>/etc/passwd and /etc/group lines (also what `getent` prints).</summary>
public static class AccountFiles
{
    public static AccountEntry? ParsePasswdLine(string line)
    {
        var f = line.Split(':');
        if (f.Length < 7 || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)) return null;
        return new AccountEntry(f[0], uid, gid, f[5], f[6]);
    }

    public static (string Name, int Id)? ParseGroupLine(string line)
    {
        var f = line.Split(':');
        if (f.Length < 3 || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)) return null;
        return (f[0], gid);
    }

    public static AccountEntry? FindUser(string passwdText, string name) =>
        passwdText.Split('\n').Select(l => ParsePasswdLine(l.Trim())).FirstOrDefault(e => e?.Name == name);

    public static int? FindGroup(string groupText, string name) =>
        groupText.Split('\n').Select(l => ParseGroupLine(l.Trim())).FirstOrDefault(e => e?.Name == name)?.Id;
}
