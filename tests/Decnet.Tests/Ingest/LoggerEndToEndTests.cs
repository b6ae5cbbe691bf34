using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Decnet.Engine.Ingest;

namespace Decnet.Tests.Ingest;

/// <summary>What the system's util-linux <c>logger --rfc5424</c> really sends over TCP, through the deframer and the parser.</summary>
public class LoggerEndToEndTests
{
    private static string? FindLogger() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "logger")).FirstOrDefault(File.Exists);

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task LoggerMessagesDecodeAndParse(bool octetCount)
    {
        var logger = FindLogger();
        if (logger is null) Skip.Test("util-linux logger not installed");

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptTcpClientAsync();

        var start = new ProcessStartInfo(logger!) { RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "--rfc5424", "--tcp", "-n", "127.0.0.1", "-P", port.ToString(), "-t", "decnet",
                     "--sd-id", "decnet@32473", "--sd-param", "event=\"login.failed\"", "--sd-param", "src_ip=\"198.51.100.23\"",
                     "--sd-param", "username=\"r\\\"oot\\]\"", "--sd-param", "password=\"123456\"", "--sd-param", "src_port=\"40022\"" })
            start.ArgumentList.Add(arg);
        if (octetCount) start.ArgumentList.Add("--octet-count");
        start.ArgumentList.Add("attacker login");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await Assert.That(process.ExitCode).IsEqualTo(0);

        using var client = await accept;
        var decoder = new SyslogFrameDecoder();
        var buffer = new byte[4096];
        var stream = client.GetStream();
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0) decoder.Append(buffer.AsSpan(0, n));
        decoder.Complete();

        var messages = new List<byte[]>();
        while (decoder.TryRead(out var m)) messages.Add(m.ToArray());
        await Assert.That(messages.Count).IsEqualTo(1);

        var parser = new Rfc5424Parser(TimeProvider.System);
        var ok = parser.TryParse(messages[0], out var ev, out var error);
        await Assert.That(error ?? stderr).IsEqualTo(stderr);
        await Assert.That(ok).IsTrue();
        await Assert.That(ev!.Event).IsEqualTo("login.failed");
        await Assert.That(ev.SrcIp).IsEqualTo("198.51.100.23");
        await Assert.That(ev.SrcPort).IsEqualTo(40022);
        await Assert.That(ev.Username).IsEqualTo("r\"oot]");
        await Assert.That(ev.Password).IsEqualTo("123456");
        await Assert.That(ev.Decky).IsEqualTo(Dns.GetHostName().Split('.')[0]);
        await Assert.That((DateTimeOffset.UtcNow - ev.Timestamp).Duration()).IsLessThan(TimeSpan.FromMinutes(5));
        await Assert.That(Encoding.UTF8.GetString(messages[0])).EndsWith("attacker login");
    }
}
