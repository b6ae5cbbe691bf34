using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using Decnet.Engine.Simulation;
using static Decnet.Tests.Simulation.SimulationTestKit;

namespace Decnet.Tests.Simulation;

/// <summary>The text the simulator writes goes through the existing parsers and profiler to exactly the in-memory profiles.</summary>
public class SimulatedTrafficParsesBackTests
{
    [Test]
    [Arguments("cowrie")]
    [Arguments("jsonl")]
    public async Task EveryLineParsesAndTheProfilesMatchTheFastPath(string format)
    {
        var population = Generate(Scenarios.Mixed, 400, seed: 9);
        var text = format == "cowrie" ? Cowrie(population) : Jsonl(population);
        IEventLineParser parser = format == "cowrie" ? new CowrieLineParser() : new JsonlLineParser();
        var errors = new List<string>();
        var byIp = ParseLines(text, parser, errors);
        await Assert.That(errors).IsEmpty();
        await Assert.That(byIp.Count).IsEqualTo(400);

        var expected = population.Profiles().ToDictionary(p => p.Ip);
        foreach (var (ip, events) in byIp)
        {
            // Timestamps are in order across the whole file, hence within each IP.
            for (var i = 1; i < events.Count; i++) await Assert.That(events[i].Timestamp >= events[i - 1].Timestamp).IsTrue();
            await Assert.That(ProfileUpdater.Apply(null, events)).IsEqualTo(expected[ip]).Because(ip);
        }
    }

    [Test]
    public async Task CowrieLinesCarryTheFieldsTheParserReads()
    {
        var population = Generate(Scenarios.MultiOperator, 200, seed: 4);
        var errors = new List<string>();
        var events = ParseLines(Cowrie(population), new CowrieLineParser(), errors).SelectMany(x => x.Events).ToList();
        await Assert.That(errors).IsEmpty();
        var kinds = events.Select(e => e.Event).ToHashSet();
        foreach (var kind in new[] { EventTypes.SessionConnect, EventTypes.ClientVersion, EventTypes.ClientKex, EventTypes.LoginFailed,
                     EventTypes.LoginSuccess, EventTypes.CommandInput, EventTypes.FileDownload, EventTypes.SessionClosed })
            await Assert.That(kinds).Contains(kind);
        await Assert.That(events.All(e => e.Service == "ssh" && e.Decky != null && e.Session is { Length: 12 })).IsTrue();
        var downloads = events.Where(e => e.Event == EventTypes.FileDownload).ToList();
        await Assert.That(downloads.All(d => d.Url!.StartsWith("http://", StringComparison.Ordinal) && d.Sha256!.Length == 64)).IsTrue();
        // The HASSH in the kex line is the one its algorithm lists give.
        var line = System.Text.Encoding.UTF8.GetString(Cowrie(population)).Split('\n').First(l => l.Contains("cowrie.client.kex", StringComparison.Ordinal));
        var withoutHassh = System.Text.RegularExpressions.Regex.Replace(line, "\"hassh\":\"[0-9a-f]+\",", "");
        await Assert.That(new CowrieLineParser().TryParse(System.Text.Encoding.UTF8.GetBytes(withoutHassh), out var recomputed, out _)).IsTrue();
        await Assert.That(line).Contains("\"hassh\":\"" + recomputed!.Hassh + "\"");
    }

    [Test]
    public async Task TheRealCommonClientListsGiveTheRealHassh()
    {
        // OpenSSH_7.3 bot stack of the May 2018 sample: its HASSH as Hassh.Compute gives it from the real lists.
        await Assert.That(ClientCatalog.CommonBot.Hassh).IsEqualTo(Hassh.Compute(ClientCatalog.CommonBot.Kex, ClientCatalog.CommonBot.Enc, ClientCatalog.CommonBot.Mac, ClientCatalog.CommonBot.Comp));
        // As in the real sample, some stacks share their lists (PuTTY and libssh2 1.4.3): the banner still differs.
        await Assert.That(ClientCatalog.Common.Select(c => (c.Client.Version, c.Client.Hassh)).Distinct().Count()).IsEqualTo(ClientCatalog.Common.Length);
        await Assert.That(ClientCatalog.Common.Select(c => c.Client.Hassh).Distinct().Count()).IsEqualTo(6);
    }
}
