using Decnet.Engine.Profiler;
using LiteDB;

namespace Decnet.Storage.Codecs;

/// <summary><see cref="ProfileTruncation"/> ⇄ a document holding only the non-zero counters (usually none).</summary>
internal static class ProfileTruncationCodec
{
    private const string Record = "truncation counters";

    public static BsonDocument Encode(ProfileTruncation t)
    {
        var doc = new BsonDocument();
        Put(doc, "sensors", t.Sensors);
        Put(doc, "services", t.Services);
        Put(doc, "credentials", t.Credentials);
        Put(doc, "successful_logins", t.SuccessfulLogins);
        Put(doc, "commands", t.Commands);
        Put(doc, "ssh_versions", t.SshVersions);
        Put(doc, "hassh", t.Hassh);
        Put(doc, "ja3", t.Ja3);
        Put(doc, "user_agents", t.UserAgents);
        Put(doc, "downloads", t.Downloads);
        Put(doc, "direct_tcpip", t.DirectTcpipTargets);
        return doc;
    }

    public static ProfileTruncation Decode(BsonDocument? doc)
    {
        if (doc == null || doc.Count == 0) return ProfileTruncation.None;
        return new ProfileTruncation
        {
            Sensors = BsonFields.Int64(doc, "sensors", Record),
            Services = BsonFields.Int64(doc, "services", Record),
            Credentials = BsonFields.Int64(doc, "credentials", Record),
            SuccessfulLogins = BsonFields.Int64(doc, "successful_logins", Record),
            Commands = BsonFields.Int64(doc, "commands", Record),
            SshVersions = BsonFields.Int64(doc, "ssh_versions", Record),
            Hassh = BsonFields.Int64(doc, "hassh", Record),
            Ja3 = BsonFields.Int64(doc, "ja3", Record),
            UserAgents = BsonFields.Int64(doc, "user_agents", Record),
            Downloads = BsonFields.Int64(doc, "downloads", Record),
            DirectTcpipTargets = BsonFields.Int64(doc, "direct_tcpip", Record),
        };
    }

    private static void Put(BsonDocument doc, string key, long value)
    {
        if (value != 0) doc[key] = value;
    }
}
