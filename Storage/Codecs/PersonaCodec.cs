using Decnet.Engine.Emailgen;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="Persona"/> ⇄ one document of <c>email_personas</c>, <c>_id</c> = the address (lower case).</summary>
public static class PersonaCodec
{
    public const string Collection = "email_personas";
    public const string DomainField = "domain";
    public const string ScopeField = "scope";
    private const string Record = "persona";

    public static BsonDocument Encode(Persona p) => new()
    {
        ["_id"] = p.Email.ToLowerInvariant(),
        [DomainField] = p.Domain.ToLowerInvariant(),
        ["first_name"] = p.FirstName,
        ["last_name"] = p.LastName,
        ["role"] = p.Role,
        ["department"] = p.Department,
        ["language"] = p.Language,
        ["timezone"] = p.TimeZone,
        ["work_start"] = p.WorkStartHour,
        ["work_end"] = p.WorkEndHour,
        ["style"] = Persona.StyleName(p.Style),
        [ScopeField] = p.Scope,
    };

    public static Persona Decode(BsonDocument doc)
    {
        var style = BsonFields.String(doc, "style", Record);
        return new Persona(
            BsonFields.String(doc, "_id", Record),
            BsonFields.String(doc, "first_name", Record),
            BsonFields.String(doc, "last_name", Record),
            BsonFields.String(doc, "role", Record),
            BsonFields.String(doc, "department", Record),
            BsonFields.String(doc, "language", Record),
            BsonFields.String(doc, "timezone", Record),
            BsonFields.Int32(doc, "work_start", Record),
            BsonFields.Int32(doc, "work_end", Record),
            Persona.ParseStyle(style) ?? throw new StoreFormatException($"stored {Record}: field 'style' has unknown value '{style}'"),
            BsonFields.String(doc, ScopeField, Record));
    }
}
