using System.Text.Json;

namespace Decnet.Tests.EndToEnd;

/// <summary>`decnet simulate` and `decnet eval` on the published binary.</summary>
public class SimulateEvalEndToEndTests
{
    private static bool Same(string a, string b) => File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));

    [Test]
    public async Task SimulateToFilesIsReproducibleAndEvalOfTheTruthAgainstItselfIsPerfect()
    {
        using var dir = new TempDir();
        string F(string name) => Path.Combine(dir.Path, name);
        var first = await DecnetBinary.RunAsync(["simulate", "--seed", "4", "--attackers", "300", "--out", F("a.json"), "--truth", F("a.truth")]);
        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(first.Stderr).Contains("simulated mixed (seed 4): 300 IPs");
        var again = await DecnetBinary.RunAsync(["simulate", "--seed", "4", "--attackers", "300", "--out", F("b.json"), "--truth", F("b.truth")]);
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(Same(F("a.json"), F("b.json"))).IsTrue();
        await Assert.That(Same(F("a.truth"), F("b.truth"))).IsTrue();
        await Assert.That((await File.ReadAllLinesAsync(F("a.truth"))).Length).IsEqualTo(300);

        var eval = await DecnetBinary.RunAsync(["eval", "--truth", F("a.truth"), "--predicted", F("a.truth"), "--json"]);
        await Assert.That(eval.ExitCode).IsEqualTo(0).Because(eval.ToString());
        using var doc = JsonDocument.Parse(eval.Stdout);
        foreach (var level in new[] { "identity", "campaign" })
        {
            var s = doc.RootElement.GetProperty(level);
            await Assert.That(s.GetProperty("adjusted_rand_index").GetDouble()).IsEqualTo(1.0);
            await Assert.That(s.GetProperty("pair_f1").GetDouble()).IsEqualTo(1.0);
            await Assert.That(s.GetProperty("v_measure").GetDouble()).IsEqualTo(1.0);
            await Assert.That(s.GetProperty("items").GetInt32()).IsEqualTo(300);
        }

        var table = await DecnetBinary.RunAsync(["eval", "--truth", F("a.truth"), "--predicted", F("a.truth")]);
        await Assert.That(table.Stdout).Contains("LEVEL").And.Contains("identity").And.Contains("1.0000");

        // The Cowrie output goes through the existing ingest parser without a malformed line.
        using var data = new TempDir();
        var ingest = await DecnetBinary.RunAsync(["--data-dir", data.Path, "ingest", "--dry-run", "--format", "cowrie", F("a.json")]);
        await Assert.That(ingest.ExitCode).IsEqualTo(0).Because(ingest.ToString());
        await Assert.That(ingest.Stdout).Contains(" 0 malformed lines");
    }

    [Test]
    public async Task SimulateJsonlToStdoutAndEvalWithoutPredictionsNeedsTheStore()
    {
        using var dir = new TempDir();
        var truth = Path.Combine(dir.Path, "t.jsonl");
        var run = await DecnetBinary.RunAsync(["simulate", "--scenario", "lone-wolf", "--attackers", "40", "--format", "jsonl", "--truth", truth]);
        await Assert.That(run.ExitCode).IsEqualTo(0).Because(run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(lines.Length).IsGreaterThan(40);
        using (var first = JsonDocument.Parse(lines[0]))
            await Assert.That(first.RootElement.GetProperty("event").GetString()).IsEqualTo("session.connect");

        var bad = await DecnetBinary.RunAsync(["simulate", "--scenario", "nope"]);
        await Assert.That(bad.ExitCode).IsEqualTo(2);

        // Without --predicted, eval reads the store: nothing ingested means every truth IP is missing there.
        var store = await DecnetBinary.RunAsync(["--data-dir", Path.Combine(dir.Path, "data"), "eval", "--truth", truth, "--json"]);
        await Assert.That(store.ExitCode).IsEqualTo(0).Because(store.ToString());
        using (var report = JsonDocument.Parse(store.Stdout))
            await Assert.That(report.RootElement.GetProperty("missing").GetInt32()).IsEqualTo(40);

        var missing = await DecnetBinary.RunAsync(["eval", "--truth", Path.Combine(dir.Path, "absent")]);
        await Assert.That(missing.ExitCode).IsEqualTo(1);
        await Assert.That(missing.Stderr).Contains("no such file");
    }
}
