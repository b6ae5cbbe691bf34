using System.Text.Json;
using Decnet.Tests.Topology;

namespace Decnet.Tests.EndToEnd;

/// <summary>
/// `decnet services|archetypes|distros` and `decnet topology ...` on the published binary. Deploy and teardown run
/// against a stand-in `docker` first on PATH that records its argv and fails on demand (no Docker engine here).
/// </summary>
public class TopologyEndToEndTests
{
    private const string FakeDocker = """
        #!/bin/sh
        # Stand-in docker: records argv; FAKE_DOCKER_FAIL=up|down|ps fails that verb; FAKE_DOCKER_DROP=<container> hides it from ps.
        printf '%s\n' "$*" >> "$FAKE_DOCKER_LOG"
        verb=""; file=""; prev=""
        for a in "$@"; do
          [ "$prev" = "-f" ] && file="$a"
          case "$a" in up|down|ps) [ -z "$verb" ] && verb="$a";; esac
          prev="$a"
        done
        if [ -n "$FAKE_DOCKER_FAIL" ] && [ "$FAKE_DOCKER_FAIL" = "$verb" ]; then echo "fake docker: $verb failed on demand" >&2; exit 1; fi
        if [ "$verb" = "ps" ]; then
          awk '/^services:/{s=1;next} /^networks:/{s=0} s && /^  "/{ gsub(/[":]/,""); gsub(/^ +/,""); print }' "$file" | grep -v -x -e "${FAKE_DOCKER_DROP:-^$}"
        fi
        exit 0
        """;

    /// <summary>A data dir plus a bin dir holding the fake docker, and the env that puts it first on PATH.</summary>
    private sealed class Rig : IDisposable
    {
        public TempDir Dir { get; } = new();
        public string Log => Path.Combine(Dir.Path, "docker-argv.log");

        public Rig()
        {
            var bin = Path.Combine(Dir.Path, "bin");
            Directory.CreateDirectory(bin);
            var docker = Path.Combine(bin, "docker");
            File.WriteAllText(docker, FakeDocker.ReplaceLineEndings("\n") + "\n");
            File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public Dictionary<string, string?> Env(string? fail = null, string? drop = null) => new()
        {
            ["PATH"] = Path.Combine(Dir.Path, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_DOCKER_LOG"] = Log,
            ["FAKE_DOCKER_FAIL"] = fail,
            ["FAKE_DOCKER_DROP"] = drop,
        };

        public string[] Calls() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

        public Task<RunResult> Run(string[] args, Dictionary<string, string?>? env = null) =>
            DecnetBinary.RunAsync(["--data-dir", Path.Combine(Dir.Path, "data"), .. args], env ?? Env());

        public async Task<JsonElement> Json(params string[] args)
        {
            var r = await Run(args);
            if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
            using var doc = JsonDocument.Parse(r.Stdout);
            return doc.RootElement.Clone();
        }

        public void Dispose() => Dir.Dispose();
    }

    private static string[] Generate(string name, int seed = 7) =>
        ["topology", "generate", "--name", name, "--depth", "3", "--branching", "3", "--deckies-per-lan", "2-3", "--cross-edges", "0.3", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"];

    [Test]
    public async Task CataloguesWorkOnAnAgentAsJsonAndTables()
    {
        var agent = new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" };
        var services = await DecnetBinary.RunAsync(["services", "--json"], agent);
        await Assert.That(services.ExitCode).IsEqualTo(0).Because(services.ToString());
        using (var doc = JsonDocument.Parse(services.Stdout))
        {
            await Assert.That(doc.RootElement.GetArrayLength()).IsGreaterThanOrEqualTo(20);
            var imap = doc.RootElement.EnumerateArray().First(s => s.GetProperty("name").GetString() == "imap");
            await Assert.That(imap.GetProperty("port").GetInt32()).IsEqualTo(143);
        }
        var archetypes = await DecnetBinary.RunAsync(["archetypes", "--json"], agent);
        using (var doc = JsonDocument.Parse(archetypes.Stdout))
            await Assert.That(doc.RootElement.EnumerateArray().Select(a => a.GetProperty("name").GetString())).Contains("domain-controller");
        var distros = await DecnetBinary.RunAsync(["distros"], agent);
        await Assert.That(distros.Stdout).StartsWith("DISTRO");
        await Assert.That(distros.Stdout).Contains("debian-12");
        var topology = await DecnetBinary.RunAsync(["topology", "list"], agent);
        await Assert.That(topology.ExitCode).IsEqualTo(2); // master-only: not registered on an agent
    }

    [Test]
    public async Task GenerateIsByteIdenticalForTheSameSeedAndSubnetsNeverOverlap()
    {
        using var a = new Rig();
        using var b = new Rig();
        var first = await a.Run(Generate("maze"));
        var second = await b.Run(Generate("maze"));
        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(TopologySamples.StripVolatile(second.Stdout)).IsEqualTo(TopologySamples.StripVolatile(first.Stdout));
        await Assert.That(first.Stdout).IsNotEqualTo(second.Stdout); // the ids differ
        using var doc = JsonDocument.Parse(first.Stdout);
        var id = doc.RootElement.GetProperty("id").GetString()!;
        var shown = await a.Run(["topology", "show", id, "--json"]);
        await Assert.That(shown.Stdout).IsEqualTo(first.Stdout);

        // A second topology in the same store gets other subnets, and both validate.
        var other = await a.Json(Generate("maze2"));
        var subnetsA = doc.RootElement.GetProperty("lans").EnumerateArray().Select(l => l.GetProperty("subnet").GetString()).ToHashSet();
        var subnetsB = other.GetProperty("lans").EnumerateArray().Select(l => l.GetProperty("subnet").GetString()).ToArray();
        await Assert.That(subnetsB.Any(subnetsA.Contains)).IsFalse();
        foreach (var t in new[] { id, other.GetProperty("id").GetString()! })
        {
            var v = await a.Run(["topology", "validate", t]);
            await Assert.That(v.ExitCode).IsEqualTo(0).Because(v.ToString());
            await Assert.That(v.Stdout).Contains("is valid");
        }
        var list = await a.Json("topology", "list", "--json");
        await Assert.That(list.GetArrayLength()).IsEqualTo(2);
        var dup = await a.Run(Generate("maze"));
        await Assert.That(dup.ExitCode).IsEqualTo(1);
        await Assert.That(dup.Stderr).Contains("already exists");
        var bad = await a.Run(["topology", "generate", "--name", "x", "--depth", "17"]);
        await Assert.That(bad.ExitCode).IsEqualTo(2);
        await Assert.That(bad.Stderr).Contains("--depth must be 1-16");
    }

    [Test]
    public async Task DeployTeardownDeleteAgainstAFakeDocker()
    {
        using var rig = new Rig();
        var t = await rig.Json(Generate("live"));
        var id = t.GetProperty("id").GetString()!;

        var dry = await rig.Run(["topology", "deploy", id, "--dry-run", "--out", Path.Combine(rig.Dir.Path, "out")]);
        await Assert.That(dry.ExitCode).IsEqualTo(0).Because(dry.ToString());
        await Assert.That(File.Exists(Path.Combine(rig.Dir.Path, "out", "docker-compose.yml"))).IsTrue();
        await Assert.That(rig.Calls()).IsEmpty();

        var deploy = await rig.Run(["topology", "deploy", id]);
        await Assert.That(deploy.ExitCode).IsEqualTo(0).Because(deploy.ToString());
        await Assert.That(deploy.Stdout).Contains(": active: all ");
        var compose = Path.Combine(rig.Dir.Path, "data", "topologies", id, "docker-compose.yml");
        await Assert.That(rig.Calls()).IsEquivalentTo(new[]
        {
            $"compose -p decnet-{id} -f {compose} up -d --remove-orphans",
            $"compose -p decnet-{id} -f {compose} ps --services --filter status=running",
        });
        var again = await rig.Run(["topology", "deploy", id]);
        await Assert.That(again.ExitCode).IsEqualTo(1);
        await Assert.That(again.Stderr).Contains("illegal status change active → deploying");
        var early = await rig.Run(["topology", "delete", id]);
        await Assert.That(early.ExitCode).IsEqualTo(1);
        await Assert.That(early.Stderr).Contains("only a pending or torn_down topology can be deleted");

        var teardown = await rig.Run(["topology", "teardown", id]);
        await Assert.That(teardown.ExitCode).IsEqualTo(0).Because(teardown.ToString());
        await Assert.That(rig.Calls()[^1]).IsEqualTo($"compose -p decnet-{id} -f {compose} down --remove-orphans --volumes");
        var shown = await rig.Json("topology", "show", id, "--json");
        await Assert.That(shown.GetProperty("status").GetString()).IsEqualTo("torn_down");
        var moves = shown.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("from").GetString() + ">" + e.GetProperty("to").GetString()).ToArray();
        await Assert.That(moves).IsEquivalentTo(new[] { "pending>deploying", "deploying>active", "active>tearing_down", "tearing_down>torn_down" });
        var delete = await rig.Run(["topology", "delete", id]);
        await Assert.That(delete.ExitCode).IsEqualTo(0).Because(delete.ToString());
        await Assert.That((await rig.Json("topology", "list", "--json")).GetArrayLength()).IsEqualTo(0);
    }

    [Test]
    public async Task AFailedUpRollsBackToFailedAndAMissingContainerIsDegraded()
    {
        using var rig = new Rig();
        var id = (await rig.Json(Generate("broken"))).GetProperty("id").GetString()!;
        var deploy = await rig.Run(["topology", "deploy", id], rig.Env(fail: "up"));
        await Assert.That(deploy.ExitCode).IsEqualTo(1);
        await Assert.That(deploy.Stderr).Contains("ended failed: docker compose up failed (exit 1): fake docker: up failed on demand; rolled back (down)");
        var calls = rig.Calls();
        await Assert.That(calls.Length).IsEqualTo(2);
        await Assert.That(calls[1]).Contains(" down --remove-orphans");
        var shown = await rig.Json("topology", "show", id, "--json");
        await Assert.That(shown.GetProperty("status").GetString()).IsEqualTo("failed");
        // failed is live: teardown is allowed and then delete.
        await Assert.That((await rig.Run(["topology", "teardown", id])).ExitCode).IsEqualTo(0);

        var id2 = (await rig.Json(Generate("halfway", 8))).GetProperty("id").GetString()!;
        var t2 = await rig.Json("topology", "show", id2, "--json");
        var victim = t2.GetProperty("deckies")[0].GetProperty("name").GetString()!;
        var degraded = await rig.Run(["topology", "deploy", id2], rig.Env(drop: victim));
        await Assert.That(degraded.ExitCode).IsEqualTo(1);
        await Assert.That(degraded.Stderr).Contains($"ended degraded: 1 of ");
        await Assert.That(degraded.Stderr).Contains($"containers not running: {victim}");
    }

    [Test]
    public async Task ShowAsTreeAndAsDotThatGraphvizRenders()
    {
        using var rig = new Rig();
        var id = (await rig.Json(Generate("pictures"))).GetProperty("id").GetString()!;
        var tree = await rig.Run(["topology", "show", id, "--format", "tree"]);
        await Assert.That(tree.ExitCode).IsEqualTo(0);
        await Assert.That(tree.Stdout).Contains("LAN-00 10.128.0.0/24 dmz");
        await Assert.That(tree.Stdout).Contains("└─ ");
        var detail = await rig.Run(["topology", "show", "pictures"]);
        await Assert.That(detail.Stdout).Contains("status        pending (version 1)");
        var dot = await rig.Run(["topology", "show", id, "--format", "dot"]);
        await Assert.That(dot.Stdout).StartsWith("graph \"pictures\" {");
        var tool = ExternalTool.Require("dot", "graphviz");
        var (code, svg, err) = await ExternalTool.RunAsync(tool, ["-Tsvg"], dot.Stdout);
        await Assert.That(code).IsEqualTo(0).Because(err);
        await Assert.That(svg).Contains("<svg");
        var missing = await rig.Run(["topology", "show", "nope"]);
        await Assert.That(missing.ExitCode).IsEqualTo(1);
        await Assert.That(missing.Stderr).Contains("no topology 'nope'");
    }

    [Test]
    public async Task DryRunComposeFileIsAcceptedByDockerCompose()
    {
        using var rig = new Rig();
        var id = (await rig.Json(Generate("composed"))).GetProperty("id").GetString()!;
        var outDir = Path.Combine(rig.Dir.Path, "out");
        var dry = await rig.Run(["topology", "deploy", id, "--dry-run", "--out", outDir]);
        await Assert.That(dry.ExitCode).IsEqualTo(0).Because(dry.ToString());
        var tool = ExternalTool.Require("docker-compose", "docker-compose");
        var (code, _, err) = await ExternalTool.RunAsync(tool, ["-f", Path.Combine(outDir, "docker-compose.yml"), "-p", "decnet-" + id, "config", "-q"]);
        await Assert.That(code).IsEqualTo(0).Because(err);
    }

    [Test]
    public async Task ThroughARunningSupervisorTransitionsArePublishedOnTopologyStatus()
    {
        using var rig = new Rig();
        var data = Path.Combine(rig.Dir.Path, "data");
        await using var supervisor = new RunningProcess(["--data-dir", data, "supervise", "--udp", "127.0.0.1:0", "--tcp", "off", "--unix", "off"], rig.Env());
        await supervisor.WaitForOutputAsync("syslog on", TimeSpan.FromSeconds(15));
        await using var tail = new RunningProcess(["--data-dir", data, "bus", "tail", "topology.*.status"], rig.Env());
        // The subscription is ready once a probe comes through.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!tail.Stdout.Contains("tprobe"))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("bus tail never saw the probe\n" + tail.Stderr);
            await rig.Run(["bus", "publish", "topology.tprobe.status", "{}"]);
            await Task.Delay(300);
        }
        var generated = await rig.Run(Generate("supervised"));
        await Assert.That(generated.ExitCode).IsEqualTo(0).Because(generated.ToString());
        using var doc = JsonDocument.Parse(generated.Stdout);
        var id = doc.RootElement.GetProperty("id").GetString()!;
        var deploy = await rig.Run(["topology", "deploy", id]);
        await Assert.That(deploy.ExitCode).IsEqualTo(0).Because(deploy.ToString());
        await tail.WaitForOutputAsync($"topology.{id}.status topology.status {{\"topology_id\":\"{id}\",\"name\":\"supervised\",\"from\":\"deploying\",\"to\":\"active\"", TimeSpan.FromSeconds(10));
        await Assert.That(tail.Stdout).Contains($"\"from\":\"pending\",\"to\":\"deploying\",\"reason\":\"deploy requested\",\"version\":2");
        await Assert.That(rig.Calls()[0]).StartsWith($"compose -p decnet-{id} ");
    }
}
