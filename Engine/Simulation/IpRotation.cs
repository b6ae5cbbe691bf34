namespace Decnet.Engine.Simulation;

/// <summary>How an operator's IPs relate to each other.</summary>
public enum IpRotation
{
    /// <summary>A few rented servers in one or two networks, each used across the whole activity window.</summary>
    Servers,
    /// <summary>VPN/proxy hopping: each IP in a different provider network, used for a few hours, one after the other.</summary>
    Hopping,
}
