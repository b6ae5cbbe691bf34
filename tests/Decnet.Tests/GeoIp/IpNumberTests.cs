using System.Net;
using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

public class IpNumberTests
{
    [Test]
    [Arguments("::")]
    [Arguments("::1")]
    [Arguments("1::")]
    [Arguments("2001:db8::1")]
    [Arguments("2001:db8:0:0:1:0:0:1")]
    [Arguments("fe80::1:2:3:4")]
    [Arguments("::ffff:1.2.3.4")]
    [Arguments("64:ff9b::192.0.2.33")]
    [Arguments("1:2:3:4:5:6:7:8")]
    [Arguments("ABCD:EF01::")]
    public async Task Ipv6_parse_matches_IPAddress(string text)
    {
        await Assert.That(IpNumber.TryParseIPv6(text, out var value)).IsTrue();
        IpNumber.TryGetValue(IPAddress.Parse(text), out var v6, out var expected);
        await Assert.That(v6).IsTrue();
        await Assert.That(value).IsEqualTo(expected);
    }

    [Test]
    [Arguments("")]
    [Arguments(":")]
    [Arguments(":::")]
    [Arguments("1:2:3:4:5:6:7:8:9")]
    [Arguments("1::2::3")]
    [Arguments("12345::")]
    [Arguments("1:2:3:4:5:6:7")]
    [Arguments("g::")]
    [Arguments("1:")]
    [Arguments("::1.2.3")]
    public async Task Bad_ipv6_is_rejected(string text) => await Assert.That(IpNumber.TryParseIPv6(text, out _)).IsFalse();

    [Test]
    [Arguments("1.2.3")]
    [Arguments("1.2.3.4.5")]
    [Arguments("256.1.1.1")]
    [Arguments("1..2.3")]
    [Arguments("1.2.3.4 x")]
    [Arguments("")]
    [Arguments("0001.2.3.4")]
    public async Task Bad_ipv4_is_rejected(string text) => await Assert.That(IpNumber.TryParseIPv4(text, out _)).IsFalse();

    [Test]
    public async Task Ipv4_parse_and_format()
    {
        await Assert.That(IpNumber.TryParseIPv4("203.0.113.255", out var v)).IsTrue();
        await Assert.That(v).IsEqualTo(0xCB0071FFu);
        await Assert.That(IpNumber.Format(v)).IsEqualTo("203.0.113.255");
    }
}
