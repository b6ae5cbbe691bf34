namespace Decnet.Engine.Ingest;

/// <summary>The <c>decnet@32473</c> SD-PARAMs gathered from one syslog message (unescaped values).</summary>
internal struct SdFields
{
    public string? Id, Event, SrcIp, SrcPort, Service, Decky, Session, Username, Password, Command;
    public string? SshVersion, Hassh, Ja3, UserAgent, Url, Sha256, DstHost, DstPort;

    /// <summary>Stores a value under its PARAM-NAME; names decnet does not know are ignored.</summary>
    public void Set(ReadOnlySpan<byte> name, string value)
    {
        switch (name.Length)
        {
            case 2 when name.SequenceEqual("id"u8): Id = value; break;
            case 3 when name.SequenceEqual("ja3"u8): Ja3 = value; break;
            case 3 when name.SequenceEqual("url"u8): Url = value; break;
            case 5 when name.SequenceEqual("event"u8): Event = value; break;
            case 5 when name.SequenceEqual("decky"u8): Decky = value; break;
            case 5 when name.SequenceEqual("hassh"u8): Hassh = value; break;
            case 6 when name.SequenceEqual("src_ip"u8): SrcIp = value; break;
            case 6 when name.SequenceEqual("sha256"u8): Sha256 = value; break;
            case 7 when name.SequenceEqual("service"u8): Service = value; break;
            case 7 when name.SequenceEqual("session"u8): Session = value; break;
            case 7 when name.SequenceEqual("command"u8): Command = value; break;
            case 8 when name.SequenceEqual("src_port"u8): SrcPort = value; break;
            case 8 when name.SequenceEqual("dst_port"u8): DstPort = value; break;
            case 8 when name.SequenceEqual("username"u8): Username = value; break;
            case 8 when name.SequenceEqual("password"u8): Password = value; break;
            case 8 when name.SequenceEqual("dst_host"u8): DstHost = value; break;
            case 10 when name.SequenceEqual("user_agent"u8): UserAgent = value; break;
            case 11 when name.SequenceEqual("ssh_version"u8): SshVersion = value; break;
        }
    }

    /// <summary>True for the names <see cref="Set"/> keeps, so values of other params are never decoded.</summary>
    public static bool IsKnown(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => name.SequenceEqual("id"u8),
        3 => name.SequenceEqual("ja3"u8) || name.SequenceEqual("url"u8),
        5 => name.SequenceEqual("event"u8) || name.SequenceEqual("decky"u8) || name.SequenceEqual("hassh"u8),
        6 => name.SequenceEqual("src_ip"u8) || name.SequenceEqual("sha256"u8),
        7 => name.SequenceEqual("service"u8) || name.SequenceEqual("session"u8) || name.SequenceEqual("command"u8),
        8 => name.SequenceEqual("src_port"u8) || name.SequenceEqual("dst_port"u8) || name.SequenceEqual("username"u8)
             || name.SequenceEqual("password"u8) || name.SequenceEqual("dst_host"u8),
        10 => name.SequenceEqual("user_agent"u8),
        11 => name.SequenceEqual("ssh_version"u8),
        _ => false,
    };
}
