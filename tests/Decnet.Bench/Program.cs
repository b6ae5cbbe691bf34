using Decnet.Bench;

// Usage: Decnet.Bench [name...]   (no name = every in-process benchmark)
var benches = new Dictionary<string, Func<IEnumerable<BenchFigure>>>(StringComparer.OrdinalIgnoreCase)
{
    ["parse"] = ParseBench.Run,
    ["bus"] = BusBench.Run,
    ["geoip"] = GeoIpBench.Run,
    ["topology"] = TopologyBench.Run,
    ["emailgen"] = EmailgenBench.Run,
    ["webhook"] = WebhookBench.Run,
    ["cluster"] = ClusterBench.Run,
    ["simulate"] = SimulationBench.Run,
};
var wanted = args.Length == 0 ? benches.Keys.ToArray() : args;
foreach (var name in wanted)
{
    if (!benches.TryGetValue(name, out var run)) { Console.Error.WriteLine($"unknown benchmark '{name}' (known: {string.Join(", ", benches.Keys)})"); return 2; }
    foreach (var figure in run()) Console.WriteLine(figure);
}
return 0;
