using Decnet.Engine.Webhooks;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="WebhookSubscription"/> ⇄ one document of <c>webhook_subscriptions</c>, <c>_id</c> = id, <c>name</c> unique.</summary>
public static class WebhookSubscriptionCodec
{
    public const string Collection = "webhook_subscriptions";
    public const string NameField = "name";
    private const string Record = "webhook subscription";

    public static BsonDocument Encode(WebhookSubscription s) => new()
    {
        ["_id"] = s.Id,
        [NameField] = s.Name,
        ["url"] = s.Url,
        ["patterns"] = new BsonArray(s.Patterns.Select(p => new BsonValue(p))),
        ["secret"] = s.Secret,
        ["previous_secret"] = s.PreviousSecret is null ? BsonValue.Null : s.PreviousSecret,
        ["previous_secret_until"] = s.PreviousSecretUntil is { } u ? BsonFields.Ticks(u) : BsonValue.Null,
        ["allow_private"] = s.AllowPrivate,
        ["rate_per_second"] = s.RatePerSecond is { } r ? r : BsonValue.Null,
        ["enabled"] = s.Enabled,
        ["created_at"] = BsonFields.Ticks(s.CreatedAt),
    };

    public static WebhookSubscription Decode(BsonDocument doc) => new(
        BsonFields.String(doc, "_id", Record),
        BsonFields.String(doc, NameField, Record),
        BsonFields.String(doc, "url", Record),
        Patterns(doc),
        BsonFields.String(doc, "secret", Record),
        BsonFields.OptString(doc, "previous_secret", Record),
        doc.TryGetValue("previous_secret_until", out var u) && !u.IsNull ? BsonFields.Time(doc, "previous_secret_until", Record) : null,
        Bool(doc, "allow_private"),
        doc.TryGetValue("rate_per_second", out var r) && r.IsNumber ? r.AsDouble : null,
        Bool(doc, "enabled"),
        BsonFields.Time(doc, "created_at", Record));

    private static string[] Patterns(BsonDocument doc)
    {
        if (!doc.TryGetValue("patterns", out var v) || !v.IsArray) throw BsonFields.Missing(Record, "patterns", "array");
        return v.AsArray.Select(p => p.IsString ? p.AsString : throw BsonFields.Missing(Record, "patterns[]", "string")).ToArray();
    }

    private static bool Bool(BsonDocument doc, string key)
    {
        if (doc.TryGetValue(key, out var v) && v.IsBoolean) return v.AsBoolean;
        throw BsonFields.Missing(Record, key, "boolean");
    }
}
