using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Decnet.Engine.Clustering;

/// <summary>JSON of `identities`/`campaigns` list|show: snake_case, ISO 8601 UTC times, an array for list, an object for show.</summary>
public static class ClusterJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteList(TextWriter output, IEnumerable<ClusterView> views, bool campaign)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartArray();
            foreach (var v in views) Write(w, v, campaign, detail: false);
            w.WriteEndArray();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static void WriteOne(TextWriter output, ClusterView view, bool campaign)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options)) Write(w, view, campaign, detail: true);
        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter w, ClusterView v, bool campaign, bool detail)
    {
        w.WriteStartObject();
        w.WriteString(campaign ? "campaign_id" : "identity_id", v.Id);
        if (detail) { if (v.RequestedId is null) w.WriteNull("requested_id"); else w.WriteString("requested_id", v.RequestedId); }
        if (campaign) w.WriteNumber("identity_count", v.Members.Count);
        w.WriteNumber("ip_count", v.Ips.Count);
        if (campaign) Strings(w, "identities", v.Members);
        if (detail || !campaign) Strings(w, "ips", v.Ips);
        Time(w, "first_seen", v.FirstSeen);
        Time(w, "last_seen", v.LastSeen);
        Strings(w, "countries", v.Countries);
        w.WriteStartArray("asns");
        foreach (var a in v.Asns) w.WriteNumberValue(a);
        w.WriteEndArray();
        if (!campaign) { if (v.CampaignId is null) w.WriteNull("campaign_id"); else w.WriteString("campaign_id", v.CampaignId); }
        Strings(w, "merged_ids", v.MergedIds);
        w.WriteStartArray("evidence");
        foreach (var e in detail ? v.Evidence : v.Evidence.Take(1))
        {
            w.WriteStartObject();
            w.WriteString("a", e.A);
            w.WriteString("b", e.B);
            w.WriteNumber("score", e.Score);
            w.WriteStartArray("items");
            foreach (var i in e.Items)
            {
                w.WriteStartObject();
                w.WriteString("kind", i.Kind.Name());
                w.WriteString("value", i.Value);
                w.WriteNumber("weight", i.Weight);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values) w.WriteStringValue(s);
        w.WriteEndArray();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } at) w.WriteString(name, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }
}
