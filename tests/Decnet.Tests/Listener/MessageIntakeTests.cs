using System.Net;
using System.Net.Sockets;
using System.Text;
using Decnet.Engine.Ingest;
using Decnet.Engine.Listener;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Listener;

public class MessageIntakeTests
{
    private const string Syslog = """<134>1 2026-11-01T10:00:00Z decky-01 sshd - - [decnet@32473 event="login.failed" src_ip="198.51.100.1" username="root" password="x"] try""";
    private const string Cowrie = """{"eventid":"cowrie.login.failed","timestamp":"2018-05-06T00:00:59.413838Z","src_ip":"198.51.100.2","session":"abc","username":"u","password":"p","sensor":"s1"}""";
    private const string Jsonl = """{"ts":"2026-11-01T10:00:00Z","event":"command.input","src_ip":"198.51.100.3","command":"id"}""";

    [Test]
    public async Task EachMessageIsParsedByItsOwnFormat()
    {
        var got = new List<DecnetEvent>();
        var intake = new MessageIntake(TimeProvider.System, NullLogger.Instance, e => { got.Add(e); return true; });
        foreach (var m in new[] { Syslog, Cowrie, Jsonl, "garbage", "<13>1 - - - - - - no structured data" })
            intake.Accept(Encoding.UTF8.GetBytes(m + "\r\n"), "test");
        await Assert.That(got.Select(e => e.SrcIp)).IsEquivalentTo(new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" });
        await Assert.That(got[0].Decky).IsEqualTo("decky-01");
        await Assert.That(got[1].Event).IsEqualTo(EventTypes.LoginFailed);
        await Assert.That(intake.Received).IsEqualTo(5);
        await Assert.That(intake.Malformed).IsEqualTo(2);
    }

    [Test]
    public async Task AFullQueueIsCountedAsDropped()
    {
        var queue = new EventQueue(1);
        var intake = new MessageIntake(TimeProvider.System, NullLogger.Instance, queue.TryEnqueue);
        intake.Accept(Encoding.UTF8.GetBytes(Syslog), "t");
        intake.Accept(Encoding.UTF8.GetBytes(Jsonl), "t");
        await Assert.That(queue.Count).IsEqualTo(1);
        await Assert.That(queue.Dropped).IsEqualTo(1);
        await Assert.That(intake.Dropped).IsEqualTo(1);
        await Assert.That(queue.Drain(10).Count).IsEqualTo(1);
    }

    [Test]
    public async Task TcpOctetCountedAndNewlineFramesAcrossWrites()
    {
        var got = new List<DecnetEvent>();
        var intake = new MessageIntake(TimeProvider.System, NullLogger.Instance, e => { lock (got) got.Add(e); return true; });
        await using var listener = new SyslogListener(intake, NullLogger.Instance);
        listener.Start(new ListenerEndpoints(null, new IPEndPoint(IPAddress.Loopback, 0), null));
        using var client = new TcpClient();
        await client.ConnectAsync(listener.Bound.Tcp!);
        var stream = client.GetStream();
        var framed = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(Syslog)} {Syslog}{Jsonl}\n{Cowrie}\n");
        // Dribble the bytes in small writes: frames span reads.
        for (var i = 0; i < framed.Length; i += 7)
        {
            await stream.WriteAsync(framed.AsMemory(i, Math.Min(7, framed.Length - i)));
            await stream.FlushAsync();
        }
        client.Close();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline) { lock (got) if (got.Count == 3) break; await Task.Delay(20); }
        lock (got) got.Sort((a, b) => string.CompareOrdinal(a.SrcIp, b.SrcIp));
        await Assert.That(got.Select(e => e.SrcIp)).IsEquivalentTo(new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" });
        await Assert.That(intake.Malformed).IsEqualTo(0);
    }

    [Test]
    public async Task UdpDatagramsAndUnixStream()
    {
        var got = new List<DecnetEvent>();
        var intake = new MessageIntake(TimeProvider.System, NullLogger.Instance, e => { lock (got) got.Add(e); return true; });
        var sock = Path.Combine(Path.GetTempPath(), $"decnet-{Guid.NewGuid():n}.sock");
        await using (var listener = new SyslogListener(intake, NullLogger.Instance))
        {
            listener.Start(new ListenerEndpoints(new IPEndPoint(IPAddress.Loopback, 0), null, sock));
            using (var udp = new UdpClient())
                await udp.SendAsync(Encoding.UTF8.GetBytes(Syslog), listener.Bound.Udp!);
            using (var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(sock));
                await unix.SendAsync(Encoding.UTF8.GetBytes(Jsonl + "\n"));
            }
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < deadline) { lock (got) if (got.Count == 2) break; await Task.Delay(20); }
            await Assert.That(got.Count).IsEqualTo(2);
        }
        await Assert.That(File.Exists(sock)).IsFalse();
    }

    [Test]
    public async Task PrivilegedPortWithoutPermissionIsRefusedAndBadEndpointsNamed()
    {
        var e = Assert.Throws<ListenerConfigException>(() => ListenerEndpointResolver.Resolve("localhost:x", "off", "off", "/tmp"));
        await Assert.That(e.Message).Contains("localhost:x");
        var off = ListenerEndpointResolver.Resolve("off", "off", "off", "/tmp");
        await Assert.That(off.Describe().Count).IsEqualTo(0);
        var auto = ListenerEndpointResolver.Resolve("auto", "auto", "auto", "/tmp/dd");
        var expectedPort = ListenerEndpointResolver.MayBindPrivilegedPorts() ? 514 : 5514;
        await Assert.That(auto.Udp!.Port).IsEqualTo(expectedPort);
        await Assert.That(auto.Tcp!.Port).IsEqualTo(expectedPort);
        if (!ListenerEndpointResolver.MayBindPrivilegedPorts())
        {
            var refused = Assert.Throws<ListenerConfigException>(() => ListenerEndpointResolver.Resolve("127.0.0.1:514", "off", "off", "/tmp"));
            await Assert.That(refused.Message).Contains("privileged");
        }
    }
}
