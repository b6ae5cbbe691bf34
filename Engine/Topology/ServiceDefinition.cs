namespace Decnet.Engine.Topology;

/// <summary>A fake service a decky can run: its well-known port and protocol, and the container image that plays it.</summary>
public sealed record ServiceDefinition(string Name, int Port, string Protocol, string Description)
{
    /// <summary>The decnet service image; the base container owns the IPs, this one shares its network namespace.</summary>
    public string Image => $"decnet/{Name}:latest";
}
