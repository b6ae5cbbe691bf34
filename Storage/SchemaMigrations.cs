using Decnet.Storage.Codecs;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace Decnet.Storage;

/// <summary>
/// The ordered list of schema migrations, from version 0 (a new or empty file) to <see cref="Current"/>.
/// To change the schema: append a migration with the next version number; never edit a shipped one.
/// </summary>
public static class SchemaMigrations
{
    internal static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "attackers indexed by last_seen and event_count; seen-event ledger", V1),
        new(2, "attackers indexed by country_code and asn (offline GeoIP enrichment)", V2),
        new(3, "MazeNET topologies (headers indexed by name) and their layouts", V3Topologies),
        new(4, "emailgen personas and delivered-message records", V4Emailgen),
        new(5, "webhook subscriptions (unique name) and the delivery outbox (unique queue and creation keys)", V5Webhooks),
        new(6, "identities and campaigns (clustering)", V6Clustering),
    ];

    /// <summary>The schema version this build of decnet writes.</summary>
    public static int Current => All[^1].Version;

    private static void V1(LiteDatabase db)
    {
        var attackers = db.GetCollection(AttackerCodec.Collection, BsonAutoId.ObjectId);
        attackers.EnsureIndex(AttackerCodec.LastSeenField, "$." + AttackerCodec.LastSeenField, false);
        attackers.EnsureIndex(AttackerCodec.EventCountField, "$." + AttackerCodec.EventCountField, false);
        db.GetCollection(LedgerChunkCodec.Collection, BsonAutoId.Int64);
    }

    private static void V2(LiteDatabase db)
    {
        var attackers = db.GetCollection(AttackerCodec.Collection, BsonAutoId.ObjectId);
        attackers.EnsureIndex(AttackerCodec.CountryField, "$." + AttackerCodec.CountryField, false);
        attackers.EnsureIndex(AttackerCodec.AsnField, "$." + AttackerCodec.AsnField, false);
    }

    private static void V3Topologies(LiteDatabase db)
    {
        db.GetCollection(TopologyCodec.Collection).EnsureIndex(TopologyCodec.NameField, "$." + TopologyCodec.NameField, true);
        db.GetCollection(TopologyCodec.LayoutCollection);
    }

    private static void V4Emailgen(LiteDatabase db)
    {
        var personas = db.GetCollection(PersonaCodec.Collection);
        personas.EnsureIndex(PersonaCodec.DomainField, "$." + PersonaCodec.DomainField, false);
        var mail = db.GetCollection(MailRecordCodec.Collection);
        mail.EnsureIndex(MailRecordCodec.DeckyField, "$." + MailRecordCodec.DeckyField, false);
        mail.EnsureIndex(MailRecordCodec.DateField, "$." + MailRecordCodec.DateField, false);
    }

    private static void V5Webhooks(LiteDatabase db)
    {
        var subs = db.GetCollection(WebhookSubscriptionCodec.Collection, BsonAutoId.ObjectId);
        subs.EnsureIndex(WebhookSubscriptionCodec.NameField, "$." + WebhookSubscriptionCodec.NameField, true);
        var deliveries = db.GetCollection(WebhookDeliveryCodec.Collection, BsonAutoId.ObjectId);
        deliveries.EnsureIndex(WebhookDeliveryCodec.QueueKeyField, "$." + WebhookDeliveryCodec.QueueKeyField, true);
        // Only unique-valued keys (see WebhookDeliveryCodec): no status or subscription index.
        deliveries.EnsureIndex(WebhookDeliveryCodec.CreatedKeyField, "$." + WebhookDeliveryCodec.CreatedKeyField, true);
    }

    private static void V6Clustering(LiteDatabase db)
    {
        db.GetCollection(ClusterRecordCodec.IdentityCollection, BsonAutoId.ObjectId).EnsureIndex(ClusterRecordCodec.SeqField, "$." + ClusterRecordCodec.SeqField, false);
        db.GetCollection(ClusterRecordCodec.CampaignCollection, BsonAutoId.ObjectId).EnsureIndex(ClusterRecordCodec.SeqField, "$." + ClusterRecordCodec.SeqField, false);
    }

    /// <summary>Reads the file's version (0 when there is no meta record).</summary>
    internal static int ReadVersion(LiteDatabase db)
    {
        var doc = db.GetCollection(MetaCodec.Collection).FindById(MetaCodec.SchemaId);
        return doc == null ? 0 : MetaCodec.Decode(doc).Version;
    }

    /// <summary>Brings <paramref name="db"/> to the last version in <paramref name="migrations"/>; returns that version.</summary>
    internal static int Migrate(LiteDatabase db, IReadOnlyList<SchemaMigration> migrations, string path, ILogger? logger)
    {
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"schema migration #{i} has version {migrations[i].Version}, expected {i + 1}");
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;

        var version = ReadVersion(db);
        if (version > latest)
            throw new StoreSchemaException(
                $"{path} has schema version {version} but this decnet only knows up to {latest}; use a newer decnet (or a backup)");

        foreach (var migration in migrations)
        {
            if (migration.Version <= version) continue;
            if (!db.BeginTrans()) throw new InvalidOperationException("a LiteDB transaction is already open during migration");
            try
            {
                migration.Apply(db);
                db.GetCollection(MetaCodec.Collection).Upsert(MetaCodec.Encode(new SchemaMeta(migration.Version)));
                db.Commit();
            }
            catch (Exception ex)
            {
                db.Rollback();
                throw new StoreSchemaException(
                    $"migrating {path} from schema v{migration.Version - 1} to v{migration.Version} ({migration.Description}) failed: {ex.Message}", ex);
            }
            logger?.LogInformation("migrated {Path} to schema v{Version}: {Description}", path, migration.Version, migration.Description);
            version = migration.Version;
        }
        return version;
    }
}
