using Decnet.Engine.Topology;
using Decnet.Storage;
using Decnet.Storage.Codecs;
using Decnet.Tests.Storage;
using LiteDB;

namespace Decnet.Tests.Topology;

public class TopologyRepositoryTests
{
    private static BsonDocument ThroughBytes(BsonDocument doc) => BsonSerializer.Deserialize(BsonSerializer.Serialize(doc));

    private static string Json(Engine.Topology.Topology t) => System.Text.Encoding.UTF8.GetString(TopologyJson.Write(t));

    [Test]
    public async Task CodecRoundTripKeepsEveryField()
    {
        var t = TopologySamples.Generated(seed: 11, depth: 4, branching: 3, cross: 0.5) with
        {
            Status = TopologyStatus.Degraded,
            Version = 7,
            Name = "ründe \"q\"",
            Events = [new StatusEvent(TopologyStatus.Pending, TopologyStatus.Deploying, "ß reason", TopologySamples.Now.AddTicks(3))],
        };
        var back = TopologyCodec.Decode(ThroughBytes(TopologyCodec.EncodeHeader(t)), ThroughBytes(TopologyCodec.EncodeLayout(t)));
        await Assert.That(Json(back)).IsEqualTo(Json(t));
        await Assert.That(back.Parameters.CrossEdges).IsEqualTo(0.5);
        await Assert.That(back.CreatedAt).IsEqualTo(t.CreatedAt);
        var hand = TopologySamples.HandMade();
        var handBack = TopologyCodec.Decode(ThroughBytes(TopologyCodec.EncodeHeader(hand)), ThroughBytes(TopologyCodec.EncodeLayout(hand)));
        await Assert.That(Json(handBack)).IsEqualTo(Json(hand));
        var summary = TopologyCodec.DecodeSummary(TopologyCodec.EncodeHeader(t));
        await Assert.That(summary).IsEqualTo(new TopologySummary(t.Id, t.Name, t.Status, 7, t.CreatedAt, t.UpdatedAt, t.Lans.Count, t.Deckies.Count, 11));
    }

    [Test]
    public async Task ACorruptLayoutIsAClearErrorNamingTheField()
    {
        var t = TopologySamples.HandMade();
        var layout = TopologyCodec.EncodeLayout(t);
        layout["deckies"] = new byte[] { 1, 200 };
        var e = Assert.Throws<StoreFormatException>(() => TopologyCodec.Decode(TopologyCodec.EncodeHeader(t), layout));
        await Assert.That(e.Message).Contains("'deckies'");
    }

    [Test]
    public async Task StoreInsertGetListAndNamesAreUnique()
    {
        using var dir = new TempDataDir();
        var t = TopologySamples.Generated(seed: 2);
        using (var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
        {
            store.Topologies.Insert(t);
            var dup = Assert.Throws<InvalidOperationException>(() => store.Topologies.Insert(t with { Id = "t0000000009" }));
            await Assert.That(dup.Message).Contains("named 'sample' already exists");
        }
        using (var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
        {
            await Assert.That(Json(store.Topologies.Get(t.Id)!)).IsEqualTo(Json(t));
            await Assert.That(store.Topologies.Find("sample")!.Id).IsEqualTo(t.Id);
            await Assert.That(store.Topologies.Find("nope")).IsNull();
            var list = store.Topologies.List();
            await Assert.That(list.Count).IsEqualTo(1);
            await Assert.That(list[0].DeckyCount).IsEqualTo(t.Deckies.Count);
            await Assert.That(store.Topologies.Subnets().Select(s => s.Subnet)).IsEquivalentTo(t.Lans.Select(l => l.Subnet));
            await Assert.That(store.Topologies.Subnets(t.Id)).IsEmpty();
        }
    }

    [Test]
    public async Task DeckiesOfferingFindsMailDeckiesWithTheirTopologyStatus()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        var hand = TopologySamples.HandMade();
        store.Topologies.Insert(hand);
        store.Topologies.TransitionStatus(hand.Id, 1, TopologyStatus.Deploying, "x", TopologySamples.Now);
        var mix = new[] { new ArchetypeWeight("mail-server", 1), new ArchetypeWeight("printer", 1) };
        var generated = TopologyGenerator.Generate("t0000000002", "mailmaze", TopologySamples.Parameters(seed: 3, mix: mix),
            store.Topologies.Subnets().Select(s => s.Subnet).ToArray(), TopologySamples.Now.AddSeconds(1));
        store.Topologies.Insert(generated);

        var found = store.Topologies.DeckiesOffering(["imap", "pop3"]);
        var expectedGenerated = generated.Deckies.Count(d => d.Services.Contains("imap") || d.Services.Contains("pop3"));
        await Assert.That(found.Count).IsEqualTo(1 + expectedGenerated);
        await Assert.That(found[0]).IsEqualTo(found[0] with { TopologyId = hand.Id, TopologyName = "hand", Status = TopologyStatus.Deploying });
        await Assert.That(found[0].Decky.Name).IsEqualTo("mail-01-2");
        await Assert.That(found[0].Decky.Addresses[0].IpText).IsEqualTo("10.9.1.11");
        await Assert.That(found.Skip(1).All(p => p.TopologyName == "mailmaze" && p.Status == TopologyStatus.Pending && p.Decky.Archetype == "mail-server")).IsTrue();
        await Assert.That(store.Topologies.DeckiesOffering(["mqtt"])).IsEmpty();
    }
}
