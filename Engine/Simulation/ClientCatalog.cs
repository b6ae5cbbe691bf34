namespace Decnet.Engine.Simulation;

/// <summary>
/// SSH client stacks: the common scanner stacks seen on real honeypots (lists copied from the May 2018 Cowrie
/// sample in ../shared/data, most frequent first) and custom stacks made up for individual operators' tools.
/// </summary>
public static class ClientCatalog
{
    private static readonly string[] CbcCtr =
    [
        "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes256-cbc", "rijndael-cbc@lysator.liu.se", "aes192-cbc", "aes128-cbc",
        "blowfish-cbc", "arcfour128", "arcfour", "cast128-cbc", "3des-cbc",
    ];
    private static readonly string[] PuttyMacs = ["hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96", "hmac-ripemd160", "hmac-ripemd160@openssh.com"];
    private static readonly string[] Libssh2Macs = ["hmac-sha2-256", "hmac-sha2-512", .. PuttyMacs];

    /// <summary>The stack of most mass scanners (Go/libssh2 bots): also the "common bot HASSH" of the botnet scenario.</summary>
    public static readonly SshClient CommonBot = new("SSH-2.0-OpenSSH_7.3",
        ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group-exchange-sha256"],
        ["3des-cbc", "aes256-ctr", "aes256-cbc", "aes192-ctr", "aes192-cbc", "aes128-cbc", "blowfish-cbc", "aes128-ctr"],
        ["hmac-sha1", "hmac-md5", "hmac-sha2-256"], ["none"]);

    /// <summary>Common stacks with their relative frequency among internet scanners (weights from the real sample).</summary>
    public static readonly (SshClient Client, int Weight)[] Common =
    [
        (CommonBot, 3056),
        (new SshClient("SSH-2.0-PUTTY", ["diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group1-sha1"], CbcCtr, PuttyMacs, ["none"]), 2007),
        (new SshClient("SSH-2.0-libssh2_1.7.0", ["diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"], CbcCtr, Libssh2Macs, ["none"]), 913),
        (new SshClient("SSH-2.0-Granados-1.0", ["diffie-hellman-group1-sha1"], ["aes128-cbc", "blowfish-cbc", "3des-cbc"], ["hmac-sha1"], ["none"]), 239),
        (new SshClient("SSH-2.0-libssh2_1.4.3", ["diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group1-sha1"], CbcCtr, PuttyMacs, ["none"]), 130),
        (new SshClient("SSH-2.0-libssh2_1.8.0", ["diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"], CbcCtr, Libssh2Macs, ["none"]), 115),
        (new SshClient("SSH-2.0-sshlib-0.1", ["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1"], ["aes128-cbc", "aes128-ctr"], ["hmac-md5", "hmac-sha1"], ["none"]), 68),
        (new SshClient("SSH-2.0-Go", ["curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"],
            ["aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"], ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-256", "hmac-sha1", "hmac-sha1-96"], ["none"]), 60),
    ];

    private static readonly string[] Banners =
    [
        "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2", "SSH-2.0-OpenSSH_7.4",
        "SSH-2.0-paramiko_3.4.0", "SSH-2.0-paramiko_2.12.0", "SSH-2.0-AsyncSSH_2.14.2", "SSH-2.0-libssh_0.10.6",
        "SSH-2.0-russh_0.43", "SSH-2.0-JSCH-0.1.54", "SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3", "SSH-2.0-dropbear_2022.83",
    ];
    private static readonly string[] KexPool =
    [
        "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
        "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
        "diffie-hellman-group14-sha256", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1", "sntrup761x25519-sha512@openssh.com",
    ];
    private static readonly string[] EncPool =
    [
        "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
        "aes128-cbc", "aes256-cbc", "3des-cbc",
    ];
    private static readonly string[] MacPool =
    [
        "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
        "hmac-sha1-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1",
    ];

    /// <summary>A common stack drawn with real-world frequencies.</summary>
    public static SshClient DrawCommon(Random random)
    {
        var total = 0;
        foreach (var (_, w) in Common) total += w;
        var pick = random.Next(total);
        foreach (var (client, w) in Common)
        {
            if (pick < w) return client;
            pick -= w;
        }
        return CommonBot;
    }

    /// <summary>
    /// A tool of one operator's own: a plausible banner and algorithm lists in an order no common stack uses
    /// (a subset of each pool, shuffled), so its HASSH is rare.
    /// </summary>
    public static SshClient Custom(Random random) => new(
        Banners[random.Next(Banners.Length)],
        Subset(random, KexPool, 3), Subset(random, EncPool, 3), Subset(random, MacPool, 3),
        random.Next(3) == 0 ? ["none", "zlib@openssh.com"] : ["none"]);

    private static string[] Subset(Random random, string[] pool, int min)
    {
        var copy = (string[])pool.Clone();
        random.Shuffle(copy);
        return copy[..random.Next(min, copy.Length + 1)];
    }
}
