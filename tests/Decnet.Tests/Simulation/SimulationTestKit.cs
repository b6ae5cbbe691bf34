using Decnet.Engine.Ingest;
using Decnet.Engine.Simulation;

namespace Decnet.Tests.Simulation;

internal static class SimulationTestKit
{
    public static SimulatedPopulation Generate(string scenario, int attackers = 500, int seed = 11, DateTimeOffset? start = null) =>
        Scenarios.Generate(scenario, attackers, start ?? Scenarios.DefaultStart, new Random(seed));

    public static byte[] Cowrie(SimulatedPopulation population)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CowrieEventWriter(buffer))
            foreach (var e in population.Events()) writer.Write(e);
        return buffer.ToArray();
    }

    public static byte[] Jsonl(SimulatedPopulation population)
    {
        using var buffer = new MemoryStream();
        using (var writer = new JsonlEventWriter(buffer, leaveOpen: true))
            foreach (var e in population.Events()) writer.Write(e.Event);
        return buffer.ToArray();
    }

    public static byte[] Truth(SimulatedPopulation population)
    {
        using var buffer = new MemoryStream();
        TruthFile.Write(buffer, population.Truth());
        return buffer.ToArray();
    }

    /// <summary>IPs per identity (or campaign) label.</summary>
    public static Dictionary<string, List<SimulatedAttacker>> By(this SimulatedPopulation p, Func<SimulatedAttacker, string> key) =>
        p.Attackers.GroupBy(key).ToDictionary(g => g.Key, g => g.ToList());

    public static IEnumerable<Credential> Tried(SimulatedAttacker a) =>
        a.Sessions.SelectMany(s => Enumerable.Range(0, s.CredentialCount).Select(i => a.Kit.Wordlist[(s.CredentialFrom + i) % a.Kit.Wordlist.Length]));

    public static int PrivatesTried(SimulatedAttacker a) =>
        a.Sessions.Sum(s => Enumerable.Range(0, s.CredentialCount).Count(i => a.Kit.IsPrivate[(s.CredentialFrom + i) % a.Kit.Wordlist.Length]));

    public static IEnumerable<string> Sha256s(IEnumerable<SimulatedAttacker> ips) => ips.SelectMany(a => a.Sessions).SelectMany(s => s.Downloads).Select(d => d.Sha256);

    public static List<(string Ip, List<DecnetEvent> Events)> ParseLines(byte[] text, IEventLineParser parser, List<string> errors)
    {
        var byIp = new Dictionary<string, List<DecnetEvent>>(StringComparer.Ordinal);
        var order = new List<string>();
        var span = text.AsSpan();
        var lineNumber = 0;
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            lineNumber++;
            if (!parser.TryParse(line, out var ev, out var error)) { errors.Add($"line {lineNumber}: {error}"); continue; }
            if (!byIp.TryGetValue(ev.SrcIp, out var list)) { byIp[ev.SrcIp] = list = []; order.Add(ev.SrcIp); }
            list.Add(ev);
        }
        return order.Select(ip => (ip, byIp[ip])).ToList();
    }
}
