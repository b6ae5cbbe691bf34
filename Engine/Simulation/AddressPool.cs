using System.Globalization;

namespace Decnet.Engine.Simulation;

/// <summary>
/// Hands out unique public-looking IPv4 addresses grouped in provider networks (/16s under first octets that are
/// allocated, routed space in practice: no private, CGNAT, loopback, link-local, documentation or multicast ranges).
/// Noise concentrates in a few busy networks, as real scanning traffic does (a handful of hosting and broadband ASes
/// send most of it).
/// </summary>
public sealed class AddressPool
{
    private static readonly byte[] PublicFirstOctets =
    [
        1, 2, 5, 14, 27, 31, 36, 37, 39, 41, 42, 45, 46, 49, 58, 59, 60, 61, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87,
        88, 89, 91, 92, 93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123,
        124, 125, 139, 141, 144, 146, 147, 148, 149, 151, 154, 157, 158, 159, 160, 161, 162, 163, 164, 165, 167, 168, 170,
        171, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200,
        201, 202, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222,
    ];
    // A /16 holds 65,534 usable hosts; stop filling one well before that so random probing stays cheap.
    private const int NetworkCapacity = 40_000;

    private readonly Random _random;
    private readonly HashSet<uint> _used = [];
    private readonly Dictionary<uint, int> _networkUse = [];
    private readonly List<uint> _busyNetworks = [];

    public AddressPool(Random random) => _random = random;

    /// <summary>
    /// A random provider network (its /16 base address) with room left. Networks are shared (many actors rent from one
    /// provider); only addresses are unique.
    /// </summary>
    public uint NewNetwork()
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 1_000_000) throw new InvalidOperationException("the simulated address space is exhausted");
            var first = PublicFirstOctets[_random.Next(PublicFirstOctets.Length)];
            var net = ((uint)first << 24) | ((uint)_random.Next(256) << 16);
            if (_networkUse.GetValueOrDefault(net) < NetworkCapacity) return net;
        }
    }

    /// <summary>Networks whose first octets all differ (different providers, hence different ASes).</summary>
    public uint[] DistinctProviderNetworks(int count)
    {
        var result = new List<uint>(count);
        var firsts = new HashSet<uint>();
        while (result.Count < count)
        {
            var net = NewNetwork();
            if (firsts.Add(net >> 24) || firsts.Count >= PublicFirstOctets.Length || count > PublicFirstOctets.Length) result.Add(net);
        }
        return [.. result];
    }

    /// <summary>A fresh address in <paramref name="network"/> (or in a new network when that one is full).</summary>
    public uint NewAddress(uint network)
    {
        if (_networkUse.GetValueOrDefault(network) >= NetworkCapacity) network = NewNetwork();
        while (true)
        {
            var host = (uint)_random.Next(1, 65535);
            if ((host & 0xFF) is 0 or 255) continue;
            var address = network | host;
            if (!_used.Add(address)) continue;
            _networkUse[network] = _networkUse.GetValueOrDefault(network) + 1;
            return address;
        }
    }

    /// <summary>An address for a noise scanner: mostly from a few busy networks (skewed pick), sometimes a new one.</summary>
    public uint NoiseAddress()
    {
        uint net;
        // New networks keep appearing, but their number stays well below the ~30,000 /16s available.
        if (_busyNetworks.Count < 8 || (_busyNetworks.Count < 4_000 && _random.Next(4) == 0))
        {
            net = NewNetwork();
            _busyNetworks.Add(net);
        }
        else
        {
            var u = _random.NextDouble();
            net = _busyNetworks[(int)(u * u * u * _busyNetworks.Count)];
            if (_networkUse.GetValueOrDefault(net) >= NetworkCapacity) net = NewNetwork();
        }
        return NewAddress(net);
    }

    public static string Text(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    public static string NetworkOf(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.0.0/16");
}
