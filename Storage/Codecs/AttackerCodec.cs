using Decnet.Engine.Profiler;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary>
/// <see cref="AttackerProfile"/> ⇄ one document of the <c>attackers</c> collection, <c>_id</c> = IP.
/// Scalars are plain BSON fields (<c>last_seen</c> and <c>event_count</c> are indexed for listing); each list is one
/// binary field (see <see cref="PackedList"/>) because LiteDB's BSON serializer is the ingest bottleneck otherwise.
/// Timestamps are UTC ticks (Int64): BSON dates keep only milliseconds, and a profile read back must equal the one
/// held in memory.
/// </summary>
public static class AttackerCodec
{
    public const string Collection = "attackers";
    public const string LastSeenField = "last_seen";
    public const string EventCountField = "event_count";
    public const string CountryField = "country_code";
    public const string AsnField = "asn";
    private const string GeoVersionField = "geo_version";
    private const string Record = "attacker";

    public static BsonDocument Encode(AttackerProfile p)
    {
        var doc = new BsonDocument
        {
            ["_id"] = p.Ip,
            ["first_seen"] = BsonFields.Ticks(p.FirstSeen),
            [LastSeenField] = BsonFields.Ticks(p.LastSeen),
            [EventCountField] = p.EventCount,
            ["session_count"] = p.SessionCount,
        };
        PackedList.Put(doc, "sensors", p.Sensors, PackedList.WriteString);
        PackedList.Put(doc, "services", p.Services, PackedList.WriteString);
        PackedList.Put(doc, "credentials", p.Credentials, CredentialEntryCodec.Write);
        PackedList.Put(doc, "successful_logins", p.SuccessfulLogins, CredentialEntryCodec.Write);
        PackedList.Put(doc, "commands", p.Commands, CommandEntryCodec.Write);
        PackedList.Put(doc, "ssh_versions", p.SshVersions, ValueCountCodec.Write);
        PackedList.Put(doc, "hassh", p.Hassh, ValueCountCodec.Write);
        PackedList.Put(doc, "ja3", p.Ja3, ValueCountCodec.Write);
        PackedList.Put(doc, "user_agents", p.UserAgents, ValueCountCodec.Write);
        PackedList.Put(doc, "downloads", p.Downloads, DownloadEntryCodec.Write);
        PackedList.Put(doc, "direct_tcpip", p.DirectTcpipTargets, ValueCountCodec.Write);
        PackedList.Put(doc, "recent_sessions", p.RecentSessions, PackedList.WriteString);
        if (p.Truncated.Total != 0) doc["truncated"] = ProfileTruncationCodec.Encode(p.Truncated);
        if (p.Geo is { } geo)
        {
            // Plain fields, not packed: `attackers list --country/--asn` filters on them through indexes.
            doc[CountryField] = geo.CountryCode is null ? BsonValue.Null : geo.CountryCode;
            doc["country_source"] = geo.CountrySource is null ? BsonValue.Null : geo.CountrySource;
            doc[AsnField] = geo.Asn is { } asn ? (long)asn : BsonValue.Null;
            doc["as_name"] = geo.AsName is null ? BsonValue.Null : geo.AsName;
            doc["network"] = geo.Network is null ? BsonValue.Null : geo.Network;
            doc[GeoVersionField] = geo.DataVersion;
        }
        return doc;
    }

    public static AttackerProfile Decode(BsonDocument doc) => new()
    {
        Ip = BsonFields.String(doc, "_id", Record),
        FirstSeen = BsonFields.Time(doc, "first_seen", Record),
        LastSeen = BsonFields.Time(doc, LastSeenField, Record),
        EventCount = BsonFields.Int64(doc, EventCountField, Record),
        SessionCount = BsonFields.Int64(doc, "session_count", Record),
        Sensors = PackedList.Get(doc, "sensors", Record, PackedList.ReadString),
        Services = PackedList.Get(doc, "services", Record, PackedList.ReadString),
        Credentials = PackedList.Get(doc, "credentials", Record, CredentialEntryCodec.Read),
        SuccessfulLogins = PackedList.Get(doc, "successful_logins", Record, CredentialEntryCodec.Read),
        Commands = PackedList.Get(doc, "commands", Record, CommandEntryCodec.Read),
        SshVersions = PackedList.Get(doc, "ssh_versions", Record, ValueCountCodec.Read),
        Hassh = PackedList.Get(doc, "hassh", Record, ValueCountCodec.Read),
        Ja3 = PackedList.Get(doc, "ja3", Record, ValueCountCodec.Read),
        UserAgents = PackedList.Get(doc, "user_agents", Record, ValueCountCodec.Read),
        Downloads = PackedList.Get(doc, "downloads", Record, DownloadEntryCodec.Read),
        DirectTcpipTargets = PackedList.Get(doc, "direct_tcpip", Record, ValueCountCodec.Read),
        RecentSessions = PackedList.Get(doc, "recent_sessions", Record, PackedList.ReadString),
        Truncated = ProfileTruncationCodec.Decode(BsonFields.OptDocument(doc, "truncated", Record)),
        Geo = DecodeGeo(doc),
    };

    private static AttackerGeo? DecodeGeo(BsonDocument doc)
    {
        var version = BsonFields.OptString(doc, GeoVersionField, Record);
        if (version is null) return null;
        var asn = doc.TryGetValue(AsnField, out var a) && a.IsNumber ? (uint?)a.AsInt64 : null;
        return new AttackerGeo(BsonFields.OptString(doc, CountryField, Record), BsonFields.OptString(doc, "country_source", Record),
            asn, BsonFields.OptString(doc, "as_name", Record), BsonFields.OptString(doc, "network", Record), version);
    }
}
