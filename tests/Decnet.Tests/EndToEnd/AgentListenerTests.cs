using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Decnet.Tests.EndToEnd;

/// <summary>On an agent (no store) the listener prints each received event as decnet JSONL.</summary>
public partial class AgentListenerTests
{
    [GeneratedRegex(@"udp://127\.0\.0\.1:(\d+)")] private static partial Regex UdpPort();

    [Test]
    public async Task AgentListenerPrintsEventsAsJsonl()
    {
        using var dir = new TempDir();
        await using var listener = new RunningProcess(["--data-dir", dir.Path, "listener", "--udp", "127.0.0.1:0", "--tcp", "off", "--unix", "off"],
            new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" });
        await listener.WaitForOutputAsync("syslog on", TimeSpan.FromSeconds(10));
        var port = UdpPort().Match(listener.Stderr).Groups[1].Value;
        using (var logger = Process.Start(new ProcessStartInfo("logger", ["--rfc5424", "-d", "-n", "127.0.0.1", "-P", port,
                   "--sd-id", "decnet@32473", "--sd-param", "event=\"login.failed\"", "--sd-param", "src_ip=\"192.0.2.44\"",
                   "--sd-param", "username=\"admin\"", "--sd-param", "decky=\"cam-02\"", "probe"]))!)
            await logger.WaitForExitAsync();
        await listener.WaitForOutputAsync("192.0.2.44", TimeSpan.FromSeconds(10));
        using var ev = JsonDocument.Parse(listener.Stdout.Trim().Split('\n')[0]);
        await Assert.That(ev.RootElement.GetProperty("event").GetString()).IsEqualTo("login.failed");
        await Assert.That(ev.RootElement.GetProperty("username").GetString()).IsEqualTo("admin");
        await Assert.That(ev.RootElement.GetProperty("decky").GetString()).IsEqualTo("cam-02");
        var (code, _) = await listener.TerminateAsync(TimeSpan.FromSeconds(5));
        await Assert.That(code).IsEqualTo(0);
        // Nothing was stored: an agent has no store.
        await Assert.That(File.Exists(Path.Combine(dir.Path, "decnet.db"))).IsFalse();
    }
}
