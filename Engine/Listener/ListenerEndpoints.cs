using System.Net;
using Decnet.Engine.Config;

namespace Decnet.Engine.Listener;

/// <summary>The syslog endpoints one listener binds; null = that transport is off.</summary>
public sealed record ListenerEndpoints(IPEndPoint? Udp, IPEndPoint? Tcp, string? UnixPath)
{
    public IReadOnlyList<string> Describe()
    {
        var list = new List<string>();
        if (Udp is not null) list.Add($"udp://{Udp}");
        if (Tcp is not null) list.Add($"tcp://{Tcp}");
        if (UnixPath is not null) list.Add($"unix://{UnixPath}");
        return list;
    }
}

/// <summary>
/// DESIGN.md §9 defaults: as an installed service (root or CAP_NET_BIND_SERVICE) UDP+TCP on 0.0.0.0:514 and
/// /run/decnet/syslog.sock; otherwise 127.0.0.1:5514 and &lt;data-dir&gt;/syslog.sock. A privileged port is only
/// used when this process may bind it.
/// </summary>
public static class ListenerEndpointResolver
{
    public const int PrivilegedPort = 514;
    public const int UnprivilegedPort = 5514;
    public const string SystemSocket = "/run/decnet/syslog.sock";

    public static ListenerEndpoints Resolve(string udp, string tcp, string unix, string dataDir)
    {
        var privileged = MayBindPrivilegedPorts();
        return new ListenerEndpoints(
            ResolveIp(udp, privileged, "udp"),
            ResolveIp(tcp, privileged, "tcp"),
            ResolveUnix(unix, dataDir));
    }

    private static IPEndPoint? ResolveIp(string value, bool privileged, string what)
    {
        value = value.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Length == 0) return null;
        if (value.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return privileged ? new IPEndPoint(IPAddress.Any, PrivilegedPort) : new IPEndPoint(IPAddress.Loopback, UnprivilegedPort);
        if (!IPEndPoint.TryParse(value, out var ep) || ep.Port == 0 && !value.EndsWith(":0", StringComparison.Ordinal))
            throw new ListenerConfigException($"{what} endpoint '{value}': expected host:port (e.g. 127.0.0.1:5514), 'auto' or 'off'");
        if (ep.Port != 0 && ep.Port < UnprivilegedPortStart() && !privileged)
            throw new ListenerConfigException($"{what} endpoint {ep}: port {ep.Port} is privileged and this process may not bind it (run as root or with CAP_NET_BIND_SERVICE, or use a port >= {UnprivilegedPortStart()})");
        return ep;
    }

    private static string? ResolveUnix(string value, string dataDir)
    {
        value = value.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Length == 0) return null;
        if (!value.Equals("auto", StringComparison.OrdinalIgnoreCase)) return Path.GetFullPath(value);
        return Directory.Exists("/run/decnet") && PosixAccess.CanWrite("/run/decnet") ? SystemSocket : Path.Combine(dataDir, "syslog.sock");
    }

    /// <summary>Root, or CAP_NET_BIND_SERVICE (bit 10) in the effective capability set.</summary>
    public static bool MayBindPrivilegedPorts()
    {
        if (PosixAccess.IsRoot) return true;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("CapEff:", StringComparison.Ordinal)) continue;
                var caps = Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);
                return (caps & (1UL << 10)) != 0;
            }
        }
        catch (IOException) { }
        return false;
    }

    private static int UnprivilegedPortStart()
    {
        try { return int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim()); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { return 1024; }
    }
}

public sealed class ListenerConfigException(string message) : Exception(message);
