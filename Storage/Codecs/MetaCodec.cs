using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="SchemaMeta"/> ⇄ <c>{_id: "schema", version: N}</c> in the <c>meta</c> collection.</summary>
public static class MetaCodec
{
    public const string Collection = "meta";
    public const string SchemaId = "schema";
    private const string Record = "schema meta";

    public static BsonDocument Encode(SchemaMeta meta) => new() { ["_id"] = SchemaId, ["version"] = meta.Version };

    public static SchemaMeta Decode(BsonDocument doc)
    {
        var version = BsonFields.Int32(doc, "version", Record);
        if (version < 0) throw BsonFields.Missing(Record, "version", "non-negative integer");
        return new SchemaMeta(version);
    }
}
