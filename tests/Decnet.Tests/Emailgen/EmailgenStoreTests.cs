using Decnet.Engine.Emailgen;
using Decnet.Storage;
using Decnet.Storage.Codecs;
using Decnet.Tests.Storage;

namespace Decnet.Tests.Emailgen;

/// <summary>The personas and message records through their hand-written codecs and repositories.</summary>
public class EmailgenStoreTests
{
    [Test]
    public async Task PersonaAndMailRecordCodecsRoundTrip()
    {
        foreach (var p in PersonaGenerator.Generate(30, "corp.example", new Random(1), "mixed", scope: "topo-a"))
            await Assert.That(PersonaCodec.Decode(PersonaCodec.Encode(p))).IsEqualTo(p);
        foreach (var m in await EmailgenKit.Conversations(50, seed: 6))
        {
            var r = MailRecord.Of(m, "mail01", m.Recipients.Select(x => x.LocalPart).ToArray());
            var back = MailRecordCodec.Decode(MailRecordCodec.Encode(r));
            await Assert.That(back.Equivalent(r)).IsTrue().Because(r.MessageId);
            await Assert.That(back.Date.Offset).IsEqualTo(PersonaClock.Local(m.From, m.Date).Offset);
            await Assert.That(back.Date).IsEqualTo(m.Date);
        }
        var bad = PersonaCodec.Encode(EmailgenKit.Company(1)[0]);
        bad["style"] = "loud";
        await Assert.That(() => PersonaCodec.Decode(bad)).Throws<StoreFormatException>();
    }

    [Test]
    public async Task RepositoriesStoreListAndPrune()
    {
        using var dir = new TempDataDir();
        var personas = PersonaGenerator.Generate(10, "corp.example", new Random(2), "es");
        var messages = await EmailgenKit.Conversations(40, seed: 2, personas);
        var records = messages.Select(m => MailRecord.Of(m, "mail01", ["x"])).ToArray();
        using (var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
        {
            await Assert.That(store.Personas.Upsert(personas)).IsEqualTo(10);
            await Assert.That(store.Personas.Upsert(personas.Take(3))).IsEqualTo(0);
            store.Mail.Add(records);
            store.Mail.Add([records[0] with { Decky = "mail02" }]);
        }
        using (var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
        {
            await Assert.That(store.Personas.List("CORP.example").SequenceEqual(personas.OrderBy(p => p.Email, StringComparer.Ordinal))).IsTrue();
            await Assert.That(store.Personas.List("other.example")).IsEmpty();
            await Assert.That(store.Personas.Get(personas[4].Email.ToUpperInvariant())).IsEqualTo(personas[4]);
            var listed = store.Mail.List("mail01", 1000);
            await Assert.That(listed.Count).IsEqualTo(39); // records[0] moved to mail02 by the upsert
            await Assert.That(listed.Zip(listed.Skip(1)).All(p => p.First.Date >= p.Second.Date)).IsTrue();
            await Assert.That(store.Mail.Get(records[5].MessageId)!.Equivalent(records[5])).IsTrue();
            await Assert.That(store.Mail.Prune("mail01", 10)).IsEqualTo(29);
            var kept = store.Mail.List("mail01", 1000);
            await Assert.That(kept.Count).IsEqualTo(10);
            await Assert.That(kept.Min(r => r.Date)).IsEqualTo(records.Skip(1).OrderByDescending(r => r.Date).Take(10).Min(r => r.Date));
            await Assert.That(store.Mail.Count("mail02")).IsEqualTo(1);
        }
    }

    [Test]
    public async Task OlderFileGainsTheEmailgenCollectionsAndKeepsItsData()
    {
        using var dir = new TempDataDir();
        var v2 = SchemaMigrations.All.Where(m => m.Version < SchemaMigrations.All.Single(x => x.Description.StartsWith("emailgen")).Version).ToArray();
        using (var old = DecnetStore.Open(dir.Path, "test", TimeProvider.System, null, v2))
            old.Attackers.Upsert(new Decnet.Engine.Profiler.AttackerProfile { Ip = "192.0.2.7", FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch, EventCount = 2 });
        using (var current = DecnetStore.Open(dir.Path, "test", TimeProvider.System))
        {
            await Assert.That(current.SchemaVersion).IsEqualTo(SchemaMigrations.Current);
            var indexes = current.Database.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", MailRecordCodec.Collection)).Select(d => d["name"].AsString).ToArray();
            await Assert.That(indexes).Contains(MailRecordCodec.DeckyField);
            await Assert.That(indexes).Contains(MailRecordCodec.DateField);
            await Assert.That(current.Attackers.Get("192.0.2.7")!.EventCount).IsEqualTo(2);
            current.Personas.Upsert(EmailgenKit.Company(2));
        }
        using var again = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        await Assert.That(again.Personas.Count()).IsEqualTo(2);
    }
}
