using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Decnet.Tests.Webhooks;

namespace Decnet.Tests.EndToEnd;

/// <summary>
/// Webhooks through the published binary: `webhook add` forwarded to a running supervisor, events from `ingest`
/// delivered signed to a loopback receiver; the receiver goes down, more events come, `supervise` is killed with
/// SIGKILL mid-retry and restarted with the receiver back: every event arrives, repeats only with the same id.
/// </summary>
public class WebhookEndToEndTests
{
    private const string Secret = "e2e-secret-0123456789abcdef";

    private static string Jsonl(int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i =>
            $"{{\"ts\":\"2026-11-01T10:{i / 60 % 60:00}:{i % 60:00}Z\",\"event\":\"login.failed\",\"src_ip\":\"198.51.100.{i}\",\"decky\":\"web-01\",\"service\":\"ssh\",\"username\":\"root\",\"password\":\"p{i}\"}}\n"));

    private static HashSet<string> DeliveredIps(LoopbackReceiver receiver) =>
        receiver.Requests.Where(r => r.Header("x-decnet-event-topic") == "attacker.observed")
            .Select(r => { using var d = JsonDocument.Parse(r.Body); return d.RootElement.GetProperty("payload").GetProperty("ip").GetString()!; })
            .ToHashSet();

    [Test]
    public async Task EventsSurviveAReceiverOutageAndAKill9OfSupervise()
    {
        DecnetBinary.Require();
        using var dir = new TempDir();
        var d = dir.Path;
        using var receiver = new LoopbackReceiver();
        string[] supervise = ["--data-dir", d, "supervise", "--udp", "off", "--tcp", "off", "--unix", "off"];
        var first = new RunningProcess(supervise);
        try
        {
            await first.WaitForOutputAsync("workers", TimeSpan.FromSeconds(30));
            await Assert.That(first.Stdout).Contains("webhook");
            var add = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "add", "--name", "siem", "--url", receiver.Url(), "--pattern", "attacker.>",
                "--pattern", "attacker.observed", "--allow-private", "--secret", Secret]);
            await Assert.That(add.ExitCode).IsEqualTo(0).Because(add.ToString());
            await Task.Delay(500); // the worker reloads on system.webhook.subscriptions_changed

            var ingest = await DecnetBinary.RunAsync(["--data-dir", d, "ingest", "--format", "jsonl", "-"], stdin: Jsonl(1, 20));
            await Assert.That(ingest.ExitCode).IsEqualTo(0).Because(ingest.ToString());
            await WebhookFixture.Until(() => DeliveredIps(receiver).Count == 20, TimeSpan.FromSeconds(30), "20 attacker.observed deliveries");
            foreach (var r in receiver.Requests)
            {
                await Assert.That(ReceiverVerification.StandardWebhooks(r, Secret)).IsTrue();
                await Assert.That(ReceiverVerification.Decnet(r, Secret)).IsTrue();
            }

            // Receiver down; events keep coming; the supervisor retries them.
            receiver.Stop();
            var more = await DecnetBinary.RunAsync(["--data-dir", d, "ingest", "--format", "jsonl", "-"], stdin: Jsonl(21, 30));
            await Assert.That(more.ExitCode).IsEqualTo(0).Because(more.ToString());
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var pending = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "deliveries", "siem", "--status", "pending", "--limit", "0", "--json"]);
                using var doc = JsonDocument.Parse(pending.Stdout);
                var rows = doc.RootElement.EnumerateArray().ToArray();
                if (rows.Length >= 30 && rows.Any(x => x.GetProperty("attempts").GetInt32() >= 1)) break;
                if (DateTime.UtcNow > deadline) throw new TimeoutException("no pending deliveries being retried\n" + pending);
                await Task.Delay(200);
            }
        }
        finally
        {
            // kill -9, mid-retry: nothing gets to flush.
            if (!first.HasExited) Process.GetProcessById(first.Pid).Kill();
            await first.DisposeAsync();
        }

        receiver.Start();
        await using (var second = new RunningProcess(supervise))
        {
            await second.WaitForOutputAsync("workers", TimeSpan.FromSeconds(30));
            await WebhookFixture.Until(() => DeliveredIps(receiver).Count == 50, TimeSpan.FromSeconds(60), "all 50 attacker.observed events after the restart");
            var ips = DeliveredIps(receiver);
            await Assert.That(Enumerable.Range(1, 50).All(i => ips.Contains($"198.51.100.{i}"))).IsTrue();
            // Repeats (if any) carry the same webhook-id and the same body; each event id maps to one body.
            foreach (var g in receiver.Requests.GroupBy(r => r.Header("webhook-id")))
                await Assert.That(g.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct().Count()).IsEqualTo(1);
            await WebhookFixture.Until(() =>
            {
                var all = DecnetBinary.RunAsync(["--data-dir", d, "webhook", "deliveries", "siem", "--status", "pending", "--json"]).GetAwaiter().GetResult();
                return all.Stdout.Trim() == "[]";
            }, TimeSpan.FromSeconds(30), "no pending deliveries left");
            var test = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "test", "siem"]);
            await Assert.That(test.ExitCode).IsEqualTo(0).Because(test.ToString());
            await Assert.That(test.Stdout).Contains("HTTP 200");
            var (code, _) = await second.TerminateAsync(TimeSpan.FromSeconds(20));
            await Assert.That(code).IsEqualTo(0);
        }
    }

    [Test]
    public async Task BadInputThroughTheBinary()
    {
        DecnetBinary.Require();
        using var dir = new TempDir();
        var d = dir.Path;
        var url = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "add", "--name", "x", "--url", "gopher://example.com/", "--pattern", ">"]);
        await Assert.That(url.ExitCode).IsEqualTo(2);
        var ssrf = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "add", "--name", "x", "--url", "https://169.254.169.254/latest", "--pattern", ">"]);
        await Assert.That(ssrf.ExitCode).IsEqualTo(2);
        await Assert.That(ssrf.Stderr).Contains("link-local");
        var pattern = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "add", "--name", "x", "--url", "http://127.0.0.1:9/", "--pattern", "a.>.b", "--allow-private"]);
        await Assert.That(pattern.ExitCode).IsEqualTo(2);
        var ok = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "add", "--name", "x", "--url", "http://127.0.0.1:9/", "--pattern", ">"],
            new Dictionary<string, string?> { ["DECNET_WEBHOOK_ALLOW_PRIVATE"] = "true" });
        await Assert.That(ok.ExitCode).IsEqualTo(0).Because(ok.ToString());
        var dup = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "add", "--name", "x", "--url", "http://127.0.0.1:9/", "--pattern", ">", "--allow-private"]);
        await Assert.That(dup.ExitCode).IsEqualTo(2);
        var list = await DecnetBinary.RunAsync(["--data-dir", d, "webhook", "list", "--json"]);
        using var doc = JsonDocument.Parse(list.Stdout);
        await Assert.That(doc.RootElement.GetArrayLength()).IsEqualTo(1);
        await Assert.That(list.Stdout).DoesNotContain("whsec_");
        var agent = await DecnetBinary.RunAsync(["webhook", "list"], new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" });
        await Assert.That(agent.ExitCode).IsEqualTo(2);
    }
}
