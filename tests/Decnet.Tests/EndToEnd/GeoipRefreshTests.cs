using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Decnet.Tests.EndToEnd;

/// <summary>`geoip refresh` against a local mirror (the only network a test may use), and its failure path.</summary>
public class GeoipRefreshTests
{
    private const string Arin = """
        2|arin|20260501|3|19700101|20260501|-0400
        arin|*|ipv4|*|2|summary
        arin|US|ipv4|8.0.0.0|16777216|19921201|allocated|e5e3b9c13678dfc483fb1f819d70883c
        arin|CA|ipv4|24.48.0.0|131072|19960731|allocated|x
        arin|US|ipv6|2001:400::|32|19990803|allocated|y
        """;

    private const string Asn = "8.8.8.0\t8.8.8.255\t15169\tUS\tGOOGLE\n24.48.0.0\t24.49.255.255\t5769\tCA\tVIDEOTRON\n";

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static byte[] Gzip(string text)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    [Test]
    public async Task RefreshFromAMirrorInstallsEverySourceAndAFailureKeepsTheOldData()
    {
        var rir = SharedData.Find("rir");
        if (rir is null) Skip.Test("../shared/data/rir is absent: real-data test skipped");
        var files = new Dictionary<string, byte[]>
        {
            ["delegated-afrinic-extended-latest"] = await File.ReadAllBytesAsync(Path.Combine(rir!, "2026", "delegated-afrinic-extended-latest")),
            ["delegated-apnic-extended-latest"] = await File.ReadAllBytesAsync(Path.Combine(rir!, "2014", "delegated-apnic-latest")),
            ["delegated-arin-extended-latest"] = Encoding.UTF8.GetBytes(Arin.Replace("\r", "") + "\n"),
            ["delegated-lacnic-extended-latest"] = await File.ReadAllBytesAsync(Path.Combine(rir!, "2014", "delegated-lacnic-latest")),
            ["delegated-ripencc-extended-latest"] = await File.ReadAllBytesAsync(Path.Combine(rir!, "2014", "delegated-ripencc-latest")),
            ["ip2asn-combined.tsv.gz"] = Gzip(Asn),
        };
        var port = FreePort();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var agents = new List<string>();
        var serving = Task.Run(async () =>
        {
            while (server.IsListening)
            {
                HttpListenerContext c;
                try { c = await server.GetContextAsync(); } catch (Exception) { return; }
                lock (agents) agents.Add(c.Request.UserAgent ?? "");
                var name = c.Request.Url!.AbsolutePath.TrimStart('/');
                if (files.TryGetValue(name, out var body)) { c.Response.StatusCode = 200; await c.Response.OutputStream.WriteAsync(body); }
                else c.Response.StatusCode = 404;
                c.Response.Close();
            }
        });

        using var dir = new TempDir();
        var ok = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "refresh"],
            new Dictionary<string, string?> { ["DECNET_GEOIP_MIRROR"] = $"http://127.0.0.1:{port}" }, timeout: TimeSpan.FromMinutes(2));
        await Assert.That(ok.ExitCode).IsEqualTo(0).Because(ok.ToString());
        await Assert.That(ok.Stdout).Contains("refreshed 6 file(s)");
        lock (agents)
        {
            foreach (var a in agents) if (a.Contains("decnet", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("the User-Agent names decnet: " + a);
        }
        var lookup = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "lookup", "8.8.8.8", "24.48.1.1"]);
        await Assert.That(lookup.Stdout).Contains("arin");
        await Assert.That(lookup.Stdout).Contains("15169");
        await Assert.That(lookup.Stdout).Contains("CA");

        // A mirror that answers 404 for one file: nothing changes.
        files.Remove("delegated-arin-extended-latest");
        var failed = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "refresh", "--timeout", "10"],
            new Dictionary<string, string?> { ["DECNET_GEOIP_MIRROR"] = $"http://127.0.0.1:{port}" }, timeout: TimeSpan.FromMinutes(2));
        await Assert.That(failed.ExitCode).IsEqualTo(1);
        await Assert.That(failed.Stderr).Contains("404");
        await Assert.That(failed.Stderr).Contains("old data");
        var still = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "lookup", "8.8.8.8"]);
        await Assert.That(still.Stdout).Contains("arin");
        server.Stop();

        // Nobody listening: a clear failure, not a hang.
        var refused = await DecnetBinary.RunAsync(["--data-dir", dir.Path, "geoip", "refresh", "--timeout", "5"],
            new Dictionary<string, string?> { ["DECNET_GEOIP_MIRROR"] = $"http://127.0.0.1:{port}" }, timeout: TimeSpan.FromMinutes(1));
        await Assert.That(refused.ExitCode).IsEqualTo(1);
        await Assert.That(refused.Stderr.Trim().Split('\n').Last()).Contains("old data");
    }
}
