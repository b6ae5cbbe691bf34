namespace Decnet.Engine.Topology;

/// <summary>An operating system a decky pretends to run: the base image and what its banners say.</summary>
public sealed record Distro(string Name, string Family, string Image, string SshBanner, string HttpServer);
