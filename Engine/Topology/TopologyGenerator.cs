using System.Globalization;

namespace Decnet.Engine.Topology;

/// <summary>Why generation cannot proceed (e.g. not enough free /24s in the base); nothing was stored.</summary>
public sealed class TopologyGenerationException(string message) : Exception(message);

/// <summary>
/// Plans a MazeNET topology from a seed. Breadth first: the DMZ <c>LAN-00</c> at depth 0, then each LAN above the
/// last level gets 1..branching child LANs; every child is bridged to its parent by its first decky (which also
/// holds an address on the parent LAN). Cross-edges join a LAN to another non-adjacent LAN through one of its
/// deckies. Each LAN gets a free /24 from the base (skipping <paramref name="taken"/>), every decky a random host
/// address (never the network, the gateway <c>.1</c> or broadcast), services from its archetype, and services of
/// DMZ deckies are published on unique host ports. All randomness comes from one <see cref="Random"/> seeded with
/// <see cref="TopologyParameters.Seed"/>, consumed in a fixed order, so equal inputs give an equal topology.
/// </summary>
public static class TopologyGenerator
{
    public const int MaxDepth = 16;
    public const int MaxBranching = 8;
    public const int MaxDeckiesPerLan = 64;
    private const int FirstFallbackHostPort = 20000;

    public static Topology Generate(string id, string name, TopologyParameters p, IReadOnlyList<Subnet> taken, DateTimeOffset now)
    {
        Check(p);
        var rng = new Random(p.Seed);
        var lans = PlanLans(p, rng, taken);
        var weights = p.ArchetypeMix.Select(w => (Archetype: ArchetypeCatalog.Find(w.Archetype)!, w.Weight)).ToArray();
        var totalWeight = weights.Sum(w => w.Weight);

        var used = new Dictionary<string, HashSet<uint>>(lans.Count, StringComparer.Ordinal);
        foreach (var lan in lans) used[lan.Name] = [];
        var lanByName = lans.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var deckies = new List<Decky>();
        var homeDeckies = new Dictionary<string, List<int>>(lans.Count, StringComparer.Ordinal);
        var edges = new List<TopologyEdge>();
        var hostPorts = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var nextFallbackPort = FirstFallbackHostPort;

        foreach (var lan in lans)
        {
            var count = rng.Next(p.DeckiesMin, p.DeckiesMax + 1);
            var mine = homeDeckies[lan.Name] = new List<int>(count);
            for (var k = 0; k < count; k++)
            {
                var archetype = Draw(weights, totalWeight, rng);
                var distro = DistroCatalog.Find(archetype.Distros[rng.Next(archetype.Distros.Length)])!;
                var services = new List<string>(archetype.CoreServices);
                foreach (var optional in archetype.OptionalServices)
                    if (rng.Next(2) == 0) services.Add(optional);
                var addresses = new List<LanAddress>(2) { new(lan.Name, Host(lan, used[lan.Name], rng)) };
                if (k == 0 && lan.Parent is { } parent)
                {
                    var parentLan = lanByName[parent];
                    addresses.Add(new LanAddress(parent, Host(parentLan, used[parent], rng)));
                }
                var deckyName = UniqueName($"{archetype.Slug}-{LanNumber(lan)}-{k + 1}", names);
                var config = new List<ServiceSetting>();
                if (services.Contains("ssh")) config.Add(new ServiceSetting("ssh", "banner", distro.SshBanner));
                if (services.Contains("http")) config.Add(new ServiceSetting("http", "server", distro.HttpServer));
                if (services.Contains("smtp") || services.Contains("imap"))
                    config.Add(new ServiceSetting(services.Contains("smtp") ? "smtp" : "imap", "domain", $"{name.ToLowerInvariant()}.example"));
                var ports = new List<PublishedPort>();
                if (lan.Parent is null)
                    foreach (var s in services)
                    {
                        var port = ServiceCatalog.Find(s)!.Port;
                        if (!hostPorts.Add(port))
                        {
                            while (!hostPorts.Add(nextFallbackPort)) nextFallbackPort++;
                            port = nextFallbackPort;
                        }
                        ports.Add(new PublishedPort(s, port));
                    }
                mine.Add(deckies.Count);
                deckies.Add(new Decky(deckyName, archetype.Name, distro.Name, addresses, services, config, ports));
                if (addresses.Count > 1) edges.Add(new TopologyEdge(lan.Parent!, lan.Name, deckyName, Cross: false));
            }
        }

        if (p.CrossEdges > 0 && lans.Count > 2)
        {
            var linked = new HashSet<(string, string)>();
            foreach (var e in edges) { linked.Add((e.From, e.To)); linked.Add((e.To, e.From)); }
            foreach (var lan in lans)
            {
                if (lan.Parent is null || rng.NextDouble() >= p.CrossEdges) continue;
                var other = lans[rng.Next(lans.Count)];
                if (other.Name == lan.Name || linked.Contains((lan.Name, other.Name))) continue;
                var mine = homeDeckies[lan.Name];
                var index = mine[rng.Next(mine.Count)];
                var d = deckies[index];
                deckies[index] = d with { Addresses = [.. d.Addresses, new LanAddress(other.Name, Host(other, used[other.Name], rng))] };
                edges.Add(new TopologyEdge(lan.Name, other.Name, d.Name, Cross: true));
                linked.Add((lan.Name, other.Name));
                linked.Add((other.Name, lan.Name));
            }
        }

        return new Topology
        {
            Id = id, Name = name, Parameters = p, CreatedAt = now, UpdatedAt = now,
            Lans = lans, Deckies = deckies, Edges = edges,
        };
    }

    /// <summary>Bounds of the parameters, each failure naming the option.</summary>
    public static void Check(TopologyParameters p)
    {
        if (p.Depth is < 1 or > MaxDepth) throw new TopologyGenerationException($"--depth must be 1-{MaxDepth} (got {p.Depth})");
        if (p.Branching is < 1 or > MaxBranching) throw new TopologyGenerationException($"--branching must be 1-{MaxBranching} (got {p.Branching})");
        if (p.DeckiesMin < 1 || p.DeckiesMax < p.DeckiesMin || p.DeckiesMax > MaxDeckiesPerLan)
            throw new TopologyGenerationException($"--deckies-per-lan must be MIN-MAX with 1 <= MIN <= MAX <= {MaxDeckiesPerLan} (got {p.DeckiesMin}-{p.DeckiesMax})");
        if (p.CrossEdges is < 0 or > 1 || double.IsNaN(p.CrossEdges)) throw new TopologyGenerationException($"--cross-edges must be a probability 0-1 (got {p.CrossEdges})");
        if (p.SubnetBase.PrefixLength > 24) throw new TopologyGenerationException($"--subnet-base {p.SubnetBase} is smaller than one /24 LAN");
        if (p.ArchetypeMix.Count == 0) throw new TopologyGenerationException("--archetype-mix is empty");
        foreach (var w in p.ArchetypeMix)
            if (ArchetypeCatalog.Find(w.Archetype) is null || w.Weight < 1) throw new TopologyGenerationException($"--archetype-mix: bad entry '{w.Archetype}={w.Weight}'");
    }

    private static List<Lan> PlanLans(TopologyParameters p, Random rng, IReadOnlyList<Subnet> taken)
    {
        var free = FreeSubnets(p.SubnetBase, taken);
        using var nextFree = free.GetEnumerator();
        Subnet Allocate(int needed)
        {
            if (!nextFree.MoveNext())
                throw new TopologyGenerationException(
                    $"--subnet-base {p.SubnetBase} has no free /24 left for LAN number {needed} (other topologies hold part of it); use a larger or another base, or a smaller --depth/--branching");
            return nextFree.Current;
        }

        var lans = new List<Lan> { new(Topology.DmzName, null, Allocate(1), Internal: false, 0) };
        for (var i = 0; i < lans.Count; i++)
        {
            var parent = lans[i];
            if (parent.Depth + 1 >= p.Depth) continue;
            var children = rng.Next(1, p.Branching + 1);
            for (var c = 0; c < children; c++)
            {
                var n = lans.Count;
                lans.Add(new Lan(LanName(n), parent.Name, Allocate(n + 1), Internal: true, parent.Depth + 1));
            }
        }
        return lans;
    }

    /// <summary>/24s of the base in address order, skipping any that overlaps a taken subnet.</summary>
    private static IEnumerable<Subnet> FreeSubnets(Subnet @base, IReadOnlyList<Subnet> taken)
    {
        var sorted = taken.Where(t => t.Overlaps(@base)).OrderBy(t => t.First).ToArray();
        var ti = 0;
        for (ulong block = @base.First; block <= @base.Last; block += 256)
        {
            var candidate = new Subnet((uint)block, 24);
            while (ti < sorted.Length && sorted[ti].Last < candidate.First) ti++;
            var clash = false;
            for (var j = ti; j < sorted.Length && sorted[j].First <= candidate.Last; j++)
                if (sorted[j].Overlaps(candidate)) { clash = true; break; }
            if (!clash) yield return candidate;
        }
    }

    public static string LanName(int index) => "LAN-" + index.ToString(index < 100 ? "00" : "0", CultureInfo.InvariantCulture);

    private static string LanNumber(Lan lan) => lan.Name[4..];

    private static string UniqueName(string wanted, HashSet<string> names)
    {
        if (names.Add(wanted)) return wanted;
        for (var i = 2; ; i++)
            if (names.Add($"{wanted}-{i}")) return $"{wanted}-{i}";
    }

    private static Archetype Draw((Archetype Archetype, int Weight)[] weights, int total, Random rng)
    {
        var x = rng.Next(total);
        foreach (var (a, w) in weights)
        {
            if (x < w) return a;
            x -= w;
        }
        return weights[^1].Archetype;
    }

    /// <summary>A free host address .2–.254 of a /24 (the gateway .1, network and broadcast are never used).</summary>
    private static uint Host(Lan lan, HashSet<uint> used, Random rng)
    {
        if (used.Count >= 253) throw new TopologyGenerationException($"{lan.Name} {lan.Subnet} has no free host address left");
        while (true)
        {
            var ip = lan.Subnet.First + (uint)rng.Next(2, 255);
            if (used.Add(ip)) return ip;
        }
    }
}
