using System.Security.Cryptography;
using System.Text;
using Decnet.Engine.Ingest;
using static Decnet.Tests.Ingest.IngestTestData;

namespace Decnet.Tests.Ingest;

public class IngestPrimitiveTests
{
    [Test]
    [Arguments("2018-05-06T00:00:59.413838Z", "2018-05-06T00:00:59.4138380+00:00")]
    [Arguments("2018-05-06T00:00:59Z", "2018-05-06T00:00:59.0000000+00:00")]
    [Arguments("2018-05-06T00:00:59", "2018-05-06T00:00:59.0000000+00:00")]
    [Arguments("2018-05-06 00:00:59.5z", "2018-05-06T00:00:59.5000000+00:00")]
    [Arguments("2026-01-02T03:04:05.123456789+01:30", "2026-01-02T01:34:05.1234567+00:00")]
    [Arguments("2026-01-02T03:04:05-0500", "2026-01-02T08:04:05.0000000+00:00")]
    [Arguments("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.0000000+00:00")]
    [Arguments("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.0000000+00:00")]
    [Arguments("2000-02-29T23:59:59.9999999Z", "2000-02-29T23:59:59.9999999+00:00")]
    [Arguments("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    public async Task TimestampsParseToUtc(string text, string expectedRoundTrip)
    {
        var ok = IsoTimestamp.TryParse(Utf8(text), out var value);
        await Assert.That(ok).IsTrue();
        await Assert.That(value.ToString("o")).IsEqualTo(expectedRoundTrip);
        await Assert.That(value.Offset).IsEqualTo(TimeSpan.Zero);
    }

    [Test]
    public async Task TimestampsAgreeWithTheFrameworkOnRandomInstants()
    {
        var random = new Random(8601);
        for (var i = 0; i < 2000; i++)
        {
            var instant = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.Zero);
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            var text = instant.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
            await Assert.That(IsoTimestamp.TryParse(Utf8(text), out var parsed)).IsTrue();
            await Assert.That(parsed).IsEqualTo(instant);
        }
    }

    [Test]
    [Arguments("2023-02-29T00:00:00Z")]
    [Arguments("2100-02-29T00:00:00Z")]
    [Arguments("2018-04-31T00:00:00Z")]
    [Arguments("2018-05-06T24:00:00Z")]
    [Arguments("2018-05-06T00:00:00.Z")]
    [Arguments("2018-05-06T00:00:00+1")]
    [Arguments("2018-05-06T00:00:00Zjunk")]
    [Arguments("2018/05/06T00:00:00Z")]
    [Arguments("18-05-06T00:00:00Z")]
    [Arguments("-")]
    public async Task BadTimestampsAreRejected(string text)
    {
        await Assert.That(IsoTimestamp.TryParse(Utf8(text), out _)).IsFalse();
    }

    [Test]
    [Arguments("1.2.3.4", "1.2.3.4")]
    [Arguments("255.255.255.255", "255.255.255.255")]
    [Arguments("001.02.3.4", "1.2.3.4")]
    [Arguments("::1", "::1")]
    [Arguments("::ffff:192.0.2.1", "192.0.2.1")]
    [Arguments("2001:0db8::0001", "2001:db8::1")]
    public async Task IpAddressesNormalise(string text, string expected)
    {
        await Assert.That(IpText.TryNormalize(Utf8(text), out var ip)).IsTrue();
        await Assert.That(ip).IsEqualTo(expected);
    }

    [Test]
    [Arguments("1")]
    [Arguments("1.2.3")]
    [Arguments("1.2.3.4.5")]
    [Arguments("1.2.3.256")]
    [Arguments("0x7f.0.0.1")]
    [Arguments("1.2.3.4 ")]
    [Arguments("1..3.4")]
    [Arguments("1234.1.1.1")]
    [Arguments("1:2:3")]
    [Arguments("")]
    public async Task BadIpAddressesAreRejected(string text)
    {
        await Assert.That(IpText.TryNormalize(Utf8(text), out _)).IsFalse();
        await Assert.That(IpText.TryNormalize(text, out _)).IsFalse();
    }

    [Test]
    public async Task LongNonAsciiTextIsRejectedNotThrown()
    {
        await Assert.That(IpText.TryNormalize(new string('é', 60), out _)).IsFalse();
        await Assert.That(IpText.TryNormalize(new string('1', 500), out _)).IsFalse();
    }

    [Test]
    public async Task HasshMatchesIndependentMd5OfTheJoinedLists()
    {
        // Literal HASSH input for an OpenSSH 7.x-like client, hashed independently of the code under test.
        const string joined = "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha1;aes128-ctr,aes256-ctr;hmac-sha2-256,hmac-sha1;none,zlib@openssh.com";
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(joined)));
        var lists = joined.Split(';').Select(l => l.Split(',')).ToArray();
        await Assert.That(Hassh.Compute(lists[0], lists[1], lists[2], lists[3])).IsEqualTo(expected);
        await Assert.That(Hassh.Compute(Utf8(string.Join(',', lists[0])), Utf8(string.Join(',', lists[1])),
            Utf8(string.Join(',', lists[2])), Utf8(string.Join(',', lists[3])))).IsEqualTo(expected);
        // Second time through the per-thread cache: same answer; a different input: a different answer.
        await Assert.That(Hassh.FromJoined(Utf8(joined))).IsEqualTo(expected);
        await Assert.That(Hassh.FromJoined(Utf8(joined + "x"))).IsNotEqualTo(expected);
    }

    [Test]
    public async Task HasshCacheNeverConfusesInputs()
    {
        // More distinct inputs than cache slots, twice round: every answer must still be the input's own MD5.
        for (var round = 0; round < 2; round++)
            for (var i = 0; i < 100; i++)
            {
                var joined = $"kex{i};enc;mac;none";
                var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(joined)));
                await Assert.That(Hassh.FromJoined(Utf8(joined))).IsEqualTo(expected);
            }
    }

    [Test]
    public async Task EventIdIsXxh128WithoutLineEnding()
    {
        // The published XXH3-128 vector for empty input, then the canonical (big-endian) digest of a line.
        await Assert.That(EventId.FromLine(""u8)).IsEqualTo("99aa06d3014798d86001c324468d497f");
        var expected = Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash("hello"u8));
        await Assert.That(EventId.FromLine("hello"u8)).IsEqualTo(expected);
        await Assert.That(EventId.FromLine("hello\n"u8)).IsEqualTo(expected);
        await Assert.That(EventId.FromLine("hello\r\n"u8)).IsEqualTo(expected);
        await Assert.That(EventId.FromLine("hello "u8)).IsNotEqualTo(expected);
    }
}
