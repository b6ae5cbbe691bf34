using Decnet.Engine.Profiler;
using Decnet.Storage;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Tests.Storage;

/// <summary>
/// Every record type survives encode → BSON bytes → decode unchanged. Going through LiteDB's binary serializer (not
/// just the BsonDocument) proves the stored form, not only the in-memory one, keeps the value.
/// </summary>
public class CodecRoundTripTests
{
    private static readonly DateTimeOffset SubMs = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static BsonDocument ThroughBytes(BsonDocument doc) => BsonSerializer.Deserialize(BsonSerializer.Serialize(doc));

    private static AttackerProfile Full() => new()
    {
        Ip = "2001:db8::1",
        FirstSeen = SubMs,
        LastSeen = SubMs.AddDays(3).AddTicks(9),
        EventCount = long.MaxValue,
        SessionCount = 7,
        Sensors = ["decky-01", "décky-ü"],
        Services = ["ssh", "telnet"],
        Credentials = [new("root", "пароль", 3, SubMs), new("", null, 1, SubMs.AddTicks(1)), new("用户", "", 1, SubMs.AddTicks(2))],
        SuccessfulLogins = [new("root", "пароль", 1, SubMs)],
        Commands = [new("wget <url>", "wget http://1.2.3.4/x", 2)],
        SshVersions = [new("SSH-2.0-Go", 1)],
        Hassh = [new("92674389fa1e47a27ddd8d9b63ecd42b", 4)],
        Ja3 = [new("769,47-53,0-10,23,0", 1)],
        UserAgents = [new("Mozilla/5.0 😀", 2)],
        Downloads = [new("http://x/a", "ab", 1), new("http://x/b", null, 2)],
        DirectTcpipTargets = [new("[2001:db8::2]:443", 5)],
        RecentSessions = ["a1b2c3d4e5f6", "s2"],
        Truncated = new ProfileTruncation { Credentials = 12, UserAgents = 1, DirectTcpipTargets = 3 },
    };

    [Test]
    public async Task AttackerFull()
    {
        var p = Full();
        await Assert.That(AttackerCodec.Decode(ThroughBytes(AttackerCodec.Encode(p)))).IsEqualTo(p);
    }

    [Test]
    [Arguments("ZA", "rir", 37457u, "Telkom SA", "41.0.0.0/11")]
    [Arguments(null, null, null, null, null)]
    [Arguments("BR", "rir", null, null, "200.128.0.0/9")]
    public async Task AttackerGeoRoundTrips(string? cc, string? source, uint? asn, string? asName, string? network)
    {
        var p = Full() with { Geo = new AttackerGeo(cc, source, asn, asName, network, "rir:2026-05-05;asn:2026-06") };
        var back = AttackerCodec.Decode(ThroughBytes(AttackerCodec.Encode(p)));
        await Assert.That(back).IsEqualTo(p);
        await Assert.That(back.Geo!.Asn).IsEqualTo(asn);
    }

    [Test]
    public async Task AttackerWithoutGeoDecodesAsNull()
    {
        var back = AttackerCodec.Decode(ThroughBytes(AttackerCodec.Encode(Full())));
        await Assert.That(back.Geo).IsNull();
    }

    [Test]
    public async Task AttackerEmptyLists()
    {
        var p = new AttackerProfile { Ip = "192.0.2.1", FirstSeen = SubMs, LastSeen = SubMs };
        var back = AttackerCodec.Decode(ThroughBytes(AttackerCodec.Encode(p)));
        await Assert.That(back).IsEqualTo(p);
        await Assert.That(back.Truncated).IsEqualTo(ProfileTruncation.None);
    }

    [Test]
    public async Task AttackerMaxLists()
    {
        var p = Full() with
        {
            Credentials = [.. Enumerable.Range(0, ProfileLimits.Credentials).Select(i => new CredentialEntry("u" + i, "p" + i, i, SubMs.AddTicks(i)))],
            Commands = [.. Enumerable.Range(0, ProfileLimits.Commands).Select(i => new CommandEntry("c" + i, new string('x', ProfileLimits.CommandLength), i))],
            RecentSessions = [.. Enumerable.Range(0, ProfileLimits.RecentSessions).Select(i => i.ToString("x12"))],
            UserAgents = [.. Enumerable.Range(0, ProfileLimits.UserAgents).Select(i => new ValueCount(new string('a', ProfileLimits.ValueLength - 4) + i.ToString("d4"), i))],
        };
        await Assert.That(AttackerCodec.Decode(ThroughBytes(AttackerCodec.Encode(p)))).IsEqualTo(p);
    }

    [Test]
    public async Task AttackerTimestampsKeepTicks()
    {
        var back = AttackerCodec.Decode(ThroughBytes(AttackerCodec.Encode(Full())));
        await Assert.That(back.FirstSeen.UtcTicks).IsEqualTo(SubMs.UtcTicks);
        await Assert.That(back.Credentials[1].FirstSeen.UtcTicks).IsEqualTo(SubMs.UtcTicks + 1);
    }

    [Test]
    public async Task AttackerDecodeNamesTheBadField()
    {
        var doc = AttackerCodec.Encode(Full());
        doc["event_count"] = "many";
        var error = await Assert.That(() => AttackerCodec.Decode(doc)).Throws<StoreFormatException>();
        await Assert.That(error!.Message).Contains("event_count");
    }

    /// <summary>Writes one entry packed, reads it back, and checks nothing is left over.</summary>
    private static T Packed<T>(T value, Action<PackedWriter, T> write, PackedList.ReadEntry<T> read)
    {
        var w = new PackedWriter(4);
        write(w, value);
        var r = new PackedReader(w.ToArray(), "test", "entry");
        var back = read(ref r);
        r.End();
        return back;
    }

    [Test]
    public async Task NestedRecords()
    {
        foreach (var c in new CredentialEntry[] { new("root", null, 1, SubMs), new("", "", 0, DateTimeOffset.MinValue), new("ü", "密码", long.MaxValue, DateTimeOffset.MaxValue) })
            await Assert.That(Packed(c, CredentialEntryCodec.Write, CredentialEntryCodec.Read)).IsEqualTo(c);
        foreach (var c in new CommandEntry[] { new("", "", 0), new("ls <n>", "ls 12345", 9), new("x", new string('é', 5000), 1) })
            await Assert.That(Packed(c, CommandEntryCodec.Write, CommandEntryCodec.Read)).IsEqualTo(c);
        foreach (var v in new ValueCount[] { new("", 0), new("SSH-2.0-😀", 1), new("neg", -5) })
            await Assert.That(Packed(v, ValueCountCodec.Write, ValueCountCodec.Read)).IsEqualTo(v);
        foreach (var d in new DownloadEntry[] { new("http://x", null, 1), new("http://ü", "ab", 2), new("", "", 0) })
            await Assert.That(Packed(d, DownloadEntryCodec.Write, DownloadEntryCodec.Read)).IsEqualTo(d);
        foreach (var t in new[] { ProfileTruncation.None, new ProfileTruncation { Sensors = 1, Services = 2, Credentials = 3, SuccessfulLogins = 4, Commands = 5,
                     SshVersions = 6, Hassh = 7, Ja3 = 8, UserAgents = 9, Downloads = 10, DirectTcpipTargets = 11 } })
            await Assert.That(ProfileTruncationCodec.Decode(ThroughBytes(ProfileTruncationCodec.Encode(t)))).IsEqualTo(t);
    }

    [Test]
    public async Task DamagedPackedListsAreReportedNotMisread()
    {
        var doc = AttackerCodec.Encode(Full());
        var credentials = doc["credentials"].AsBinary;
        foreach (var damaged in new[] { credentials[..^1], [.. credentials, 0], [9, .. credentials[1..]], [1, 0xff, 0xff, 0xff, 0x7f] })
        {
            doc["credentials"] = damaged;
            var error = await Assert.That(() => AttackerCodec.Decode(doc)).Throws<StoreFormatException>();
            await Assert.That(error!.Message).Contains("'credentials'");
        }
    }

    [Test]
    public async Task LedgerChunk()
    {
        var r = new Random(7);
        foreach (var n in new[] { 0, 1, SeenEventLedger.ChunkCapacity })
        {
            var ids = Enumerable.Range(0, n).Select(_ => new UInt128((ulong)r.NextInt64(), (ulong)r.NextInt64())).Append(UInt128.MaxValue).ToArray();
            var chunk = new LedgerChunk(n, [.. ids]);
            await Assert.That(LedgerChunkCodec.Decode(ThroughBytes(LedgerChunkCodec.Encode(chunk)))).IsEqualTo(chunk);
        }
        var bad = new BsonDocument { ["_id"] = 1L, ["ids"] = new byte[17] };
        await Assert.That(() => LedgerChunkCodec.Decode(bad)).Throws<StoreFormatException>();
    }

    [Test]
    public async Task Meta()
    {
        foreach (var v in new[] { 0, 1, 42 })
            await Assert.That(MetaCodec.Decode(ThroughBytes(MetaCodec.Encode(new SchemaMeta(v))))).IsEqualTo(new SchemaMeta(v));
        await Assert.That(MetaCodec.Encode(new SchemaMeta(3))["_id"].AsString).IsEqualTo("schema");
    }
}
