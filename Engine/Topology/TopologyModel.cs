namespace Decnet.Engine.Topology;

/// <summary>A LAN: a /24 Docker network. <c>LAN-00</c> is the one DMZ (no parent, not internal); every other LAN is internal.</summary>
public sealed record Lan(string Name, string? Parent, Subnet Subnet, bool Internal, int Depth);

/// <summary>A decky's address on one LAN.</summary>
public readonly record struct LanAddress(string Lan, uint Ip)
{
    public string IpText => Subnet.FormatAddress(Ip);
}

/// <summary>One configuration value of a declared service (e.g. ssh banner).</summary>
public readonly record struct ServiceSetting(string Service, string Key, string Value);

/// <summary>A service published on the host: <c>host_port</c> → the service's own port on the decky.</summary>
public readonly record struct PublishedPort(string Service, int HostPort);

/// <summary>
/// A decoy host. <see cref="Addresses"/>[0] is its home LAN; a bridge decky has one more address per LAN it joins.
/// </summary>
public sealed record Decky(string Name, string Archetype, string Distro, IReadOnlyList<LanAddress> Addresses,
    IReadOnlyList<string> Services, IReadOnlyList<ServiceSetting> Config, IReadOnlyList<PublishedPort> Ports)
{
    public string? HomeLan => Addresses.Count == 0 ? null : Addresses[0].Lan;
}

/// <summary>LAN ↔ LAN through a bridge decky that has an address on both. <see cref="Cross"/>: a cross-link, not a tree edge.</summary>
public sealed record TopologyEdge(string From, string To, string Via, bool Cross);

/// <summary>One stored status change.</summary>
public sealed record StatusEvent(TopologyStatus From, TopologyStatus To, string Reason, DateTimeOffset At);

/// <summary>How a topology was generated; with the same values (and the same free subnets) the generator repeats itself.</summary>
public sealed record TopologyParameters(int Seed, int Depth, int Branching, int DeckiesMin, int DeckiesMax, double CrossEdges,
    Subnet SubnetBase, IReadOnlyList<ArchetypeWeight> ArchetypeMix);

public readonly record struct ArchetypeWeight(string Archetype, int Weight);

/// <summary>A stored topology: header (status, optimistic-lock <see cref="Version"/>, events) and layout (LANs, deckies, edges).</summary>
public sealed record Topology
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required TopologyParameters Parameters { get; init; }
    public TopologyStatus Status { get; init; } = TopologyStatus.Pending;
    /// <summary>Bumped by every stored change; a write carrying an older version is refused.</summary>
    public long Version { get; init; } = 1;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required IReadOnlyList<Lan> Lans { get; init; }
    public required IReadOnlyList<Decky> Deckies { get; init; }
    public required IReadOnlyList<TopologyEdge> Edges { get; init; }
    public IReadOnlyList<StatusEvent> Events { get; init; } = [];

    public const string DmzName = "LAN-00";
}

/// <summary>What `topology list` shows, read without the layout.</summary>
public sealed record TopologySummary(string Id, string Name, TopologyStatus Status, long Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int LanCount, int DeckyCount, int Seed);

/// <summary>A decky together with its topology: what emailgen asks for (e.g. every IMAP/POP3 decky and whether it is live).</summary>
public sealed record DeckyPlacement(string TopologyId, string TopologyName, TopologyStatus Status, Decky Decky);
