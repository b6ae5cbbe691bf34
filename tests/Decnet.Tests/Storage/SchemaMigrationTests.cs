using Decnet.Storage;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Tests.Storage;

public class SchemaMigrationTests
{
    private static readonly TimeProvider Time = TimeProvider.System;

    [Test]
    public async Task AnEmptyDirOpensAtTheCurrentVersion()
    {
        using var dir = new TempDataDir();
        using (var store = DecnetStore.Open(dir.Path, "test", Time))
        {
            await Assert.That(store.SchemaVersion).IsEqualTo(SchemaMigrations.Current);
            await Assert.That(SchemaMigrations.ReadVersion(store.Database)).IsEqualTo(SchemaMigrations.Current);
            var indexes = store.Database.GetCollection("$indexes").Find("collection = 'attackers'").Select(d => d["name"].AsString).ToArray();
            await Assert.That(indexes).Contains("last_seen");
            await Assert.That(indexes).Contains("event_count");
        }
        if (!OperatingSystem.IsWindows())
            await Assert.That(File.GetUnixFileMode(dir.Path)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    /// <summary>A two-step schema for the tests: v2 backfills a field on every attacker document.</summary>
    private sealed class TwoVersions
    {
        public int V2Runs;

        public IReadOnlyList<SchemaMigration> V1Only => [SchemaMigrations.All[0]];

        public IReadOnlyList<SchemaMigration> Both =>
        [
            SchemaMigrations.All[0],
            new(2, "backfill tags", db =>
            {
                V2Runs++;
                var attackers = db.GetCollection(AttackerCodec.Collection);
                foreach (var doc in attackers.FindAll().ToList())
                {
                    if (doc.ContainsKey("tags")) continue; // idempotent
                    doc["tags"] = new BsonArray(new BsonValue[] { "migrated" });
                    attackers.Update(doc);
                }
            }),
        ];
    }

    [Test]
    public async Task AnOlderFileIsMigratedInPlaceOnceAndReopeningChangesNothing()
    {
        using var dir = new TempDataDir();
        var schema = new TwoVersions();
        var profile = new Decnet.Engine.Profiler.AttackerProfile { Ip = "192.0.2.9", FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch, EventCount = 3 };

        using (var v1 = DecnetStore.Open(dir.Path, "test", Time, null, schema.V1Only))
        {
            await Assert.That(v1.SchemaVersion).IsEqualTo(1);
            v1.Attackers.Upsert(profile);
        }

        using (var v2 = DecnetStore.Open(dir.Path, "test", Time, null, schema.Both))
        {
            await Assert.That(v2.SchemaVersion).IsEqualTo(2);
            await Assert.That(schema.V2Runs).IsEqualTo(1);
            var doc = v2.Database.GetCollection(AttackerCodec.Collection).FindById("192.0.2.9");
            await Assert.That(doc["tags"].AsArray[0].AsString).IsEqualTo("migrated");
            await Assert.That(v2.Attackers.Get("192.0.2.9")).IsEqualTo(profile); // unknown fields are ignored on decode
        }

        BsonDocument before;
        using (var again = DecnetStore.Open(dir.Path, "test", Time, null, schema.Both))
        {
            await Assert.That(again.SchemaVersion).IsEqualTo(2);
            await Assert.That(schema.V2Runs).IsEqualTo(1);
            before = again.Database.GetCollection(AttackerCodec.Collection).FindById("192.0.2.9");
            // The step itself is idempotent too: running it again changes nothing.
            schema.Both[1].Apply(again.Database);
            schema.Both[0].Apply(again.Database);
            var after = again.Database.GetCollection(AttackerCodec.Collection).FindById("192.0.2.9");
            await Assert.That(after.ToString()).IsEqualTo(before.ToString());
            await Assert.That(again.Database.GetCollection("$indexes").Count("collection = 'attackers'")).IsEqualTo(3); // _id + 2
        }
    }

    [Test]
    public async Task AFileFromANewerDecnetIsRefused()
    {
        using var dir = new TempDataDir();
        var schema = new TwoVersions();
        using (DecnetStore.Open(dir.Path, "test", Time, null, schema.Both)) { }

        var error = await Assert.That(() => DecnetStore.Open(dir.Path, "test", Time, null, schema.V1Only)).Throws<StoreSchemaException>();
        await Assert.That(error!.Message).Contains("schema version 2");
        await Assert.That(error.Message).Contains("only knows up to 1");
        await Assert.That(error.Message).Contains("decnet.db");
        // The refused open released the lock.
        await Assert.That(StoreLock.IsHeld(dir.Path)).IsFalse();
    }

    [Test]
    public async Task AFailingMigrationRollsBackAndKeepsTheOldVersion()
    {
        using var dir = new TempDataDir();
        using (DecnetStore.Open(dir.Path, "test", Time, null, [SchemaMigrations.All[0]])) { }
        IReadOnlyList<SchemaMigration> broken =
        [
            SchemaMigrations.All[0],
            new(2, "half done", db =>
            {
                db.GetCollection("marker").Insert(new BsonDocument { ["_id"] = 1 });
                throw new InvalidOperationException("boom");
            }),
        ];
        var error = await Assert.That(() => DecnetStore.Open(dir.Path, "test", Time, null, broken)).Throws<StoreSchemaException>();
        await Assert.That(error!.Message).Contains("v1 to v2 (half done) failed: boom");
        using var store = DecnetStore.Open(dir.Path, "test", Time, null, [SchemaMigrations.All[0]]);
        await Assert.That(store.SchemaVersion).IsEqualTo(1);
        await Assert.That(store.Database.GetCollection("marker").Count()).IsEqualTo(0);
    }
}

/// <summary>The shipped v1 → v2 migration on a file written by v1.</summary>
public class ShippedMigrationTests
{
    [Test]
    public async Task V1FileGainsGeoIndexesAndKeepsItsData()
    {
        using var dir = new TempDataDir();
        var time = TimeProvider.System;
        using (var v1 = DecnetStore.Open(dir.Path, "test", time, null, [SchemaMigrations.All[0]]))
            v1.Attackers.Upsert(new Decnet.Engine.Profiler.AttackerProfile { Ip = "192.0.2.9", FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch, EventCount = 3 });
        using (var current = DecnetStore.Open(dir.Path, "test", time))
        {
            await Assert.That(current.SchemaVersion).IsEqualTo(SchemaMigrations.Current);
            var indexes = current.Database.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", "attackers")).Select(d => d["name"].AsString).ToArray();
            await Assert.That(indexes).Contains("country_code");
            await Assert.That(indexes).Contains("asn");
            await Assert.That(current.Attackers.Get("192.0.2.9")!.EventCount).IsEqualTo(3);
        }
        using var again = DecnetStore.Open(dir.Path, "test", time);
        await Assert.That(again.SchemaVersion).IsEqualTo(SchemaMigrations.Current);
    }
}
