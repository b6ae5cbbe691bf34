namespace Decnet.Engine.Topology;

/// <summary>Every machine archetype (`decnet archetypes`).</summary>
public static class ArchetypeCatalog
{
    public static IReadOnlyList<Archetype> All { get; } =
    [
        new("workstation", "ws", "office desktop", ["smb"], ["rdp", "vnc", "ssh"], ["windows-10", "ubuntu-22.04", "ubuntu-24.04"], 8),
        new("file-server", "fs", "departmental file server", ["smb"], ["ftp", "ssh", "snmp"], ["windows-server-2019", "debian-12", "rocky-9"], 3),
        new("domain-controller", "dc", "Active Directory domain controller", ["ldap", "kerberos", "dns", "smb"], ["rdp", "ntp"], ["windows-server-2019", "windows-server-2022"], 1),
        new("web-server", "web", "public or intranet web server", ["http", "https"], ["ssh", "ftp"], ["debian-12", "ubuntu-22.04", "centos-7", "alpine-3.20"], 3),
        new("database", "db", "database server", ["ssh"], ["mysql", "postgres", "mssql", "redis", "mongodb", "elasticsearch"], ["debian-12", "rocky-9", "ubuntu-24.04", "windows-server-2019"], 2),
        new("mail-server", "mail", "mail server with mailboxes", ["smtp", "imap", "pop3"], ["https", "ssh"], ["debian-11", "debian-12", "rocky-9"], 1),
        new("iot-camera", "cam", "IP camera", ["rtsp", "http"], ["telnet"], ["busybox-embedded"], 2),
        new("printer", "prn", "network printer", ["ipp", "jetdirect"], ["http", "snmp"], ["busybox-embedded"], 2),
        new("router", "rt", "branch router", ["ssh", "snmp"], ["telnet", "http"], ["routeros-7", "busybox-embedded"], 1),
        new("plc", "plc", "industrial controller", ["modbus"], ["http", "snmp"], ["busybox-embedded"], 1),
        new("voip-phone", "sip", "desk phone", ["sip"], ["http", "telnet"], ["busybox-embedded"], 1),
        new("iot-hub", "hub", "smart-building MQTT hub", ["mqtt"], ["http", "ssh"], ["alpine-3.20", "busybox-embedded"], 1),
    ];

    private static readonly Dictionary<string, Archetype> ByName = All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public static Archetype? Find(string name) => ByName.GetValueOrDefault(name);
}
