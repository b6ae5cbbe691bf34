namespace Decnet.Engine.Simulation;

/// <summary>Shell commands: the reconnaissance every bot runs after a login, and the pieces operators build their habits from.</summary>
public static class CommandCatalog
{
    /// <summary>Common post-login reconnaissance (the most frequent commands of the real Cowrie sample first).</summary>
    public static readonly string[] Recon =
    [
        "cat /proc/cpuinfo", "free -m", "uname -a",
        "unset HISTORY HISTFILE HISTSAVE HISTZONE HISTORY HISTLOG WATCH ; history -n ; export HISTFILE=/dev/null ; export HISTSIZE=0; export HISTFILESIZE=0;",
        "uname", "ps -x", "service iptables stop", "echo -en \"\\x31\\x33\\x33\\x37\"", "cat /bin/ls", "uptime", "w", "whoami",
        "ls -la", "cat /etc/issue", "nproc", "lscpu | grep Model", "crontab -l", "ifconfig", "cd /tmp", "top",
    ];

    /// <summary>Post-login steps only some operators use; each operator keeps its own selection in its own order.</summary>
    public static readonly string[] Habits =
    [
        "chattr -ia .ssh; lockr -ia .ssh", "pkill -9 xmrig; pkill -9 kdevtmpfsi", "cat /etc/shadow | head -3", "df -h | head -n 2",
        "ls /root/.ssh", "netstat -plnt", "systemctl stop firewalld", "iptables -F", "rm -rf /var/log/wtmp", "history -c",
        "cat /proc/meminfo | grep MemTotal", "grep -c ^processor /proc/cpuinfo", "nvidia-smi -q | grep \"Product Name\"",
        "ln -sf /usr/sbin/sshd /tmp/su;/tmp/su -oPort=1987", "echo root:$(openssl rand -hex 6) | chpasswd", "mount | grep /dev/sd",
        "last -n 5", "ls -lh /etc/init.d", "busybox", "/ip cloud print",
    ];

    /// <summary>Targets proxy checkers ask for through direct-tcpip: shared by every scanner that does it.</summary>
    public static readonly (string Host, int Port)[] CommonTcpipTargets =
    [
        ("172.217.21.174", 80), ("ya.ru", 443), ("ip-api.com", 80), ("www.google.com", 443), ("api.ipify.org", 443),
    ];
}
