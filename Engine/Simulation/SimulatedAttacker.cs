namespace Decnet.Engine.Simulation;

/// <summary>One source IP of the simulation with its true identity and campaign and the sessions it runs.</summary>
public sealed record SimulatedAttacker
{
    public required string Ip { get; init; }
    /// <summary>The IPv4 address as a number (sort key).</summary>
    public required uint Address { get; init; }
    /// <summary>Truth label of the identity (<c>op-0007</c> for operators, <c>noise-000042</c>/<c>bot-000042</c> for singletons).</summary>
    public required string Identity { get; init; }
    /// <summary>Truth label of the campaign (<c>camp-003</c>), "" for a singleton scanner that belongs to none.</summary>
    public required string Campaign { get; init; }
    public required OperatorKit Kit { get; init; }
    public required SimulatedSession[] Sessions { get; init; }

    /// <summary>The simulated provider network the address was drawn from ("a.b.0.0/16"): one network stands for one AS.</summary>
    public string Network => AddressPool.NetworkOf(Address);
}
