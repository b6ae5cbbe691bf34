namespace Decnet.Engine.Topology;

/// <summary>Every distro a decky may claim (`decnet distros`).</summary>
public static class DistroCatalog
{
    public static IReadOnlyList<Distro> All { get; } =
    [
        new("debian-12", "linux", "debian:12-slim", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", "Apache/2.4.62 (Debian)"),
        new("debian-11", "linux", "debian:11-slim", "SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3", "Apache/2.4.56 (Debian)"),
        new("ubuntu-22.04", "linux", "ubuntu:22.04", "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10", "nginx/1.18.0 (Ubuntu)"),
        new("ubuntu-24.04", "linux", "ubuntu:24.04", "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5", "nginx/1.24.0 (Ubuntu)"),
        new("rocky-9", "linux", "rockylinux:9-minimal", "SSH-2.0-OpenSSH_8.7", "Apache/2.4.57 (Rocky Linux)"),
        new("alpine-3.20", "linux", "alpine:3.20", "SSH-2.0-OpenSSH_9.7", "nginx"),
        new("centos-7", "linux", "centos:7", "SSH-2.0-OpenSSH_7.4", "Apache/2.4.6 (CentOS)"),
        new("windows-server-2019", "windows", "debian:12-slim", "SSH-2.0-OpenSSH_for_Windows_7.7", "Microsoft-IIS/10.0"),
        new("windows-server-2022", "windows", "debian:12-slim", "SSH-2.0-OpenSSH_for_Windows_8.1", "Microsoft-IIS/10.0"),
        new("windows-10", "windows", "debian:12-slim", "SSH-2.0-OpenSSH_for_Windows_8.1", "Microsoft-HTTPAPI/2.0"),
        new("busybox-embedded", "embedded", "busybox:1.36", "SSH-2.0-dropbear_2020.81", "lighttpd/1.4.59"),
        new("routeros-7", "embedded", "busybox:1.36", "SSH-2.0-ROSSSH", "MikroTik HttpProxy"),
    ];

    private static readonly Dictionary<string, Distro> ByName = All.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static Distro? Find(string name) => ByName.GetValueOrDefault(name);
}
