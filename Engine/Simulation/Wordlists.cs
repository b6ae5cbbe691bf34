namespace Decnet.Engine.Simulation;

/// <summary>
/// Public credential wordlists in their published order: every mass scanner and many operators start from these,
/// so a credential on them says little about who tried it.
/// </summary>
public static class Wordlists
{
    /// <summary>The IoT default list of the Mirai family (order as in its published source).</summary>
    public static readonly Credential[] Mirai = Pairs(
        "root:xc3511 root:vizxv root:admin admin:admin root:888888 root:xmhdipc root:default root:juantech root:123456 " +
        "root:54321 support:support root:root admin:password root:12345 user:user root:pass admin:admin1234 root:1111 " +
        "admin:smcadmin admin:1111 root:666666 root:password root:1234 root:klv123 Administrator:admin service:service " +
        "supervisor:supervisor guest:guest guest:12345 admin1:password administrator:1234 666666:666666 888888:888888 " +
        "ubnt:ubnt root:klv1234 root:Zte521 root:hi3518 root:jvbzd root:anko root:zlxx. root:7ujMko0vizxv root:7ujMko0admin " +
        "root:system root:ikwb root:dreambox root:user root:realtek root:00000000 admin:1111111 admin:1234 admin:12345 " +
        "admin:54321 admin:123456 admin:7ujMko0admin admin:pass admin:meinsm tech:tech mother:fucker");

    /// <summary>The most common root passwords of leaked-password top lists.</summary>
    public static readonly Credential[] TopRoot = Pairs(string.Join(' ', (
        "123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey " +
        "letmein shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 " +
        "000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger " +
        "sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle " +
        "jessica pepper zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese " +
        "amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor matrix")
        .Split(' ').Select(p => "root:" + p)));

    /// <summary>Service accounts with their name as password, the staple of Linux server scanners.</summary>
    public static readonly Credential[] ServiceAccounts = Pairs(
        "admin:admin user:user test:test oracle:oracle postgres:postgres ubuntu:ubuntu pi:raspberry git:git ftpuser:ftpuser " +
        "guest:guest www:www mysql:mysql hadoop:hadoop nagios:nagios deploy:deploy jenkins:jenkins ubnt:ubnt support:support " +
        "usuario:usuario tomcat:tomcat minecraft:minecraft test:123456 user:123456 admin:123456 admin:password default:default " +
        "vagrant:vagrant centos:centos debian:debian elastic:elastic es:es teamspeak:teamspeak steam:steam odoo:odoo dev:dev " +
        "sysadmin:sysadmin zabbix:zabbix docker:docker ansible:ansible backup:backup");

    /// <summary>The public lists with how often scanners use each.</summary>
    public static readonly (Credential[] List, int Weight)[] All = [(Mirai, 5), (TopRoot, 3), (ServiceAccounts, 2)];

    public static Credential[] Draw(Random random)
    {
        var pick = random.Next(10);
        return pick < 5 ? Mirai : pick < 8 ? TopRoot : ServiceAccounts;
    }

    private static readonly string[] PrivateUsers = ["root", "root", "root", "admin", "ubuntu", "user", "oracle", "postgres", "test", "ftp", "git", "centos"];
    private static readonly string[] PrivateStems =
    [
        "Pa55", "Qwer", "Admin", "Root", "Server", "Linux", "Huawei", "P@ss", "Zxc", "Abc", "Welcome", "Hello", "Test", "Sys",
        "Cloud", "Data", "Master", "Secure", "Sky", "Dragon",
    ];
    private const string Symbols = "!@#$%&*";

    /// <summary>A credential made up for one operator's private list (leaked or guessed for a target), practically unique.</summary>
    public static Credential Private(Random random)
    {
        var user = PrivateUsers[random.Next(PrivateUsers.Length)];
        var stem = PrivateStems[random.Next(PrivateStems.Length)];
        var digits = random.Next(10, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var symbol = Symbols[random.Next(Symbols.Length)];
        var suffix = new string([(char)('a' + random.Next(26)), (char)('a' + random.Next(26)), (char)('a' + random.Next(26))]);
        return random.Next(2) == 0
            ? new Credential(user, stem + symbol + digits + suffix)
            : new Credential(user, suffix + digits + symbol + stem);
    }

    private static Credential[] Pairs(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => { var i = p.IndexOf(':'); return new Credential(p[..i], p[(i + 1)..]); }).ToArray();
}
