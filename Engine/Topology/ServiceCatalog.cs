namespace Decnet.Engine.Topology;

/// <summary>Every service a decky may declare (`decnet services`). Names are lowercase and never contain dots.</summary>
public static class ServiceCatalog
{
    public static IReadOnlyList<ServiceDefinition> All { get; } =
    [
        new("ssh", 22, "tcp", "OpenSSH login (Cowrie-style shell)"),
        new("telnet", 23, "tcp", "Telnet login"),
        new("ftp", 21, "tcp", "FTP file transfer"),
        new("smtp", 25, "tcp", "SMTP mail relay"),
        new("dns", 53, "udp", "DNS resolver"),
        new("http", 80, "tcp", "HTTP web server"),
        new("pop3", 110, "tcp", "POP3 mailbox access"),
        new("ntp", 123, "udp", "NTP time server"),
        new("imap", 143, "tcp", "IMAP mailbox access"),
        new("snmp", 161, "udp", "SNMP agent"),
        new("ldap", 389, "tcp", "LDAP directory"),
        new("https", 443, "tcp", "HTTPS web server"),
        new("smb", 445, "tcp", "SMB/CIFS file shares"),
        new("modbus", 502, "tcp", "Modbus/TCP PLC"),
        new("ipp", 631, "tcp", "IPP printing"),
        new("mssql", 1433, "tcp", "Microsoft SQL Server"),
        new("mqtt", 1883, "tcp", "MQTT broker"),
        new("mysql", 3306, "tcp", "MySQL server"),
        new("rdp", 3389, "tcp", "Remote Desktop"),
        new("sip", 5060, "udp", "SIP VoIP endpoint"),
        new("postgres", 5432, "tcp", "PostgreSQL server"),
        new("vnc", 5900, "tcp", "VNC remote framebuffer"),
        new("redis", 6379, "tcp", "Redis key-value store"),
        new("jetdirect", 9100, "tcp", "HP JetDirect raw printing"),
        new("elasticsearch", 9200, "tcp", "Elasticsearch REST API"),
        new("mongodb", 27017, "tcp", "MongoDB server"),
        new("rtsp", 554, "tcp", "RTSP camera stream"),
        new("kerberos", 88, "tcp", "Kerberos KDC"),
    ];

    private static readonly Dictionary<string, ServiceDefinition> ByName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static ServiceDefinition? Find(string name) => ByName.GetValueOrDefault(name);
    public static bool IsKnown(string name) => ByName.ContainsKey(name);
}
