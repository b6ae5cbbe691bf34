namespace Decnet.Engine.Topology;

/// <summary>A subnet held by another stored topology, for the cross-topology overlap rule.</summary>
public readonly record struct ForeignSubnet(string Topology, Subnet Subnet);

/// <summary>
/// The checks run before every deploy and by `topology validate` (issue 7 §3). Each problem is one line naming the
/// object; all problems are reported, not only the first.
/// </summary>
public static class TopologyValidator
{
    public static IReadOnlyList<string> Validate(Topology t, IReadOnlyList<ForeignSubnet>? others = null)
    {
        var problems = new List<string>();
        var lans = new Dictionary<string, Lan>(t.Lans.Count, StringComparer.Ordinal);

        // Unique names.
        foreach (var lan in t.Lans)
            if (!lans.TryAdd(lan.Name, lan)) problems.Add($"lan {lan.Name}: name used twice");
        var deckyNames = new HashSet<string>(t.Deckies.Count, StringComparer.Ordinal);
        foreach (var d in t.Deckies)
        {
            if (!deckyNames.Add(d.Name)) problems.Add($"decky {d.Name}: name used twice");
            if (lans.ContainsKey(d.Name)) problems.Add($"decky {d.Name}: name clashes with a LAN");
            if (d.Name.Length == 0 || d.Name.AsSpan().IndexOfAnyExcept(NameChars) >= 0)
                problems.Add($"decky '{d.Name}': name must be lowercase letters, digits and '-'");
        }

        // Exactly one DMZ, and the tree shape.
        var dmzCount = 0;
        foreach (var lan in t.Lans)
        {
            if (lan.Name == Topology.DmzName)
            {
                dmzCount++;
                if (lan.Parent is not null) problems.Add($"lan {lan.Name}: the DMZ must have no parent (has {lan.Parent})");
                if (lan.Internal) problems.Add($"lan {lan.Name}: the DMZ must not be internal");
            }
            else if (lan.Parent is null) problems.Add($"lan {lan.Name}: a second DMZ (no parent); only {Topology.DmzName} may have none");
            else if (!lans.ContainsKey(lan.Parent)) problems.Add($"lan {lan.Name}: parent {lan.Parent} does not exist");
            if (lan.Subnet.PrefixLength != 24) problems.Add($"lan {lan.Name}: subnet {lan.Subnet} is not a /24");
        }
        if (dmzCount == 0) problems.Add($"topology {t.Name}: no DMZ ({Topology.DmzName})");

        // Subnets: no overlap inside, nor with other stored topologies.
        var sorted = t.Lans.OrderBy(l => l.Subnet.First).ToArray();
        for (var i = 1; i < sorted.Length; i++)
            for (var j = i - 1; j >= 0 && sorted[j].Subnet.Last >= sorted[i].Subnet.First; j--)
                problems.Add($"lan {sorted[i].Name}: subnet {sorted[i].Subnet} overlaps {sorted[j].Name} {sorted[j].Subnet}");
        if (others is { Count: > 0 })
        {
            // Stored LANs are /24s: one lookup each; anything wider is compared one by one.
            var foreign24 = new Dictionary<uint, ForeignSubnet>();
            var wider = new List<ForeignSubnet>();
            foreach (var o in others)
                if (o.Subnet.PrefixLength == 24) foreign24.TryAdd(o.Subnet.First, o); else wider.Add(o);
            foreach (var lan in t.Lans)
            {
                if (lan.Subnet.PrefixLength == 24 && foreign24.TryGetValue(lan.Subnet.First, out var hit))
                    problems.Add($"lan {lan.Name}: subnet {lan.Subnet} overlaps {hit.Subnet} of topology {hit.Topology}");
                else if (lan.Subnet.PrefixLength != 24)
                    foreach (var o in foreign24.Values.Where(o => o.Subnet.Overlaps(lan.Subnet)))
                        problems.Add($"lan {lan.Name}: subnet {lan.Subnet} overlaps {o.Subnet} of topology {o.Topology}");
                foreach (var o in wider.Where(o => o.Subnet.Overlaps(lan.Subnet)))
                    problems.Add($"lan {lan.Name}: subnet {lan.Subnet} overlaps {o.Subnet} of topology {o.Topology}");
            }
        }

        // Deckies: in a LAN, addresses inside their subnet, unique, not the gateway; services known, config declared; host ports.
        var ips = new Dictionary<uint, string>(t.Deckies.Count * 2);
        var hostPorts = new Dictionary<int, string>();
        foreach (var d in t.Deckies)
        {
            if (d.Addresses.Count == 0) problems.Add($"decky {d.Name}: in no LAN");
            var seenLans = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in d.Addresses)
            {
                if (!lans.TryGetValue(a.Lan, out var lan)) { problems.Add($"decky {d.Name}: LAN {a.Lan} does not exist"); continue; }
                if (!seenLans.Add(a.Lan)) problems.Add($"decky {d.Name}: two addresses on {a.Lan}");
                if (!lan.Subnet.Contains(a.Ip)) problems.Add($"decky {d.Name}: {a.IpText} is outside {a.Lan} {lan.Subnet}");
                else if (a.Ip == lan.Subnet.Gateway) problems.Add($"decky {d.Name}: {a.IpText} is the gateway of {a.Lan}");
                else if (a.Ip == lan.Subnet.First || a.Ip == lan.Subnet.Last) problems.Add($"decky {d.Name}: {a.IpText} is the network or broadcast address of {a.Lan}");
                if (!ips.TryAdd(a.Ip, d.Name)) problems.Add($"decky {d.Name}: {a.IpText} is also the address of {ips[a.Ip]}");
            }
            if (ArchetypeCatalog.Find(d.Archetype) is null) problems.Add($"decky {d.Name}: unknown archetype '{d.Archetype}'");
            if (DistroCatalog.Find(d.Distro) is null) problems.Add($"decky {d.Name}: unknown distro '{d.Distro}'");
            var declared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in d.Services)
            {
                if (!ServiceCatalog.IsKnown(s)) problems.Add($"decky {d.Name}: unknown service '{s}'");
                if (!declared.Add(s)) problems.Add($"decky {d.Name}: service {s} declared twice");
            }
            foreach (var c in d.Config)
                if (!declared.Contains(c.Service)) problems.Add($"decky {d.Name}: config '{c.Key}' for service {c.Service}, which it does not declare");
            foreach (var p in d.Ports)
            {
                if (!declared.Contains(p.Service)) problems.Add($"decky {d.Name}: host port {p.HostPort} publishes {p.Service}, which it does not declare");
                if (p.HostPort is < 1 or > 65535) problems.Add($"decky {d.Name}: host port {p.HostPort} is out of range");
                else if (!hostPorts.TryAdd(p.HostPort, d.Name)) problems.Add($"decky {d.Name}: host port {p.HostPort} is also published by {hostPorts[p.HostPort]}");
            }
        }

        // Edges: both LANs exist, the bridge decky sits on both.
        var deckyByName = new Dictionary<string, Decky>(t.Deckies.Count, StringComparer.Ordinal);
        foreach (var d in t.Deckies) deckyByName.TryAdd(d.Name, d);
        var adjacency = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in t.Edges)
        {
            var ok = true;
            if (!lans.ContainsKey(e.From)) { problems.Add($"edge {e.From}–{e.To}: LAN {e.From} does not exist"); ok = false; }
            if (!lans.ContainsKey(e.To)) { problems.Add($"edge {e.From}–{e.To}: LAN {e.To} does not exist"); ok = false; }
            if (!deckyByName.TryGetValue(e.Via, out var via)) { problems.Add($"edge {e.From}–{e.To}: bridge decky {e.Via} does not exist"); ok = false; }
            else if (!via.Addresses.Any(a => a.Lan == e.From) || !via.Addresses.Any(a => a.Lan == e.To))
            { problems.Add($"edge {e.From}–{e.To}: bridge decky {e.Via} is not on both LANs"); ok = false; }
            if (!ok) continue;
            (adjacency.TryGetValue(e.From, out var f) ? f : adjacency[e.From] = []).Add(e.To);
            (adjacency.TryGetValue(e.To, out var b) ? b : adjacency[e.To] = []).Add(e.From);
        }

        // Every LAN reachable from the DMZ.
        if (dmzCount > 0)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { Topology.DmzName };
            var queue = new Queue<string>();
            queue.Enqueue(Topology.DmzName);
            while (queue.TryDequeue(out var at))
                if (adjacency.TryGetValue(at, out var next))
                    foreach (var n in next)
                        if (reached.Add(n)) queue.Enqueue(n);
            foreach (var lan in t.Lans)
                if (!reached.Contains(lan.Name)) problems.Add($"lan {lan.Name}: not reachable from the DMZ {Topology.DmzName}");
        }
        return problems;
    }

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
}
