using System.Threading.Channels;
using Decnet.Bus;
using Decnet.Engine.Profiler;

namespace Decnet.Tests.Clustering;

internal static class ClusterTestKit
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A profile with the given client and credentials (tried in this order), optional downloads.</summary>
    public static AttackerProfile Profile(string ip, string? hassh, string? version, string[] creds, (string Url, string Sha)[]? downloads = null,
        string[]? sensors = null, double day = 0) => new()
    {
        Ip = ip,
        FirstSeen = T0.AddDays(day),
        LastSeen = T0.AddDays(day).AddHours(1),
        EventCount = 10,
        Hassh = hassh is null ? default : [new ValueCount(hassh, 1)],
        SshVersions = version is null ? default : [new ValueCount(version, 1)],
        Credentials = new EquatableArray<CredentialEntry>(creds.Select((c, i) =>
            new CredentialEntry(c.Split(':')[0], c.Split(':')[1], 1, T0.AddDays(day).AddSeconds(i)))),
        Downloads = new EquatableArray<DownloadEntry>((downloads ?? []).Select(d => new DownloadEntry(d.Url, d.Sha, 1))),
        Sensors = new EquatableArray<string>(sensors ?? ["decky-1"]),
    };

    /// <summary>Unrelated background scanners, each with values of its own (so the operators' values are rare).</summary>
    public static IEnumerable<AttackerProfile> Noise(int count) =>
        Enumerable.Range(0, count).Select(i => Profile($"198.51.{i / 250}.{i % 250 + 1}", "noisehassh" + i, "SSH-2.0-noise" + i,
            [$"root:n{i}a", $"admin:n{i}b", "root:123456"]));

    public static AttackerProfile Operator(string ip, char who, int variant) => who switch
    {
        'A' => Profile(ip, "hassh-A", "SSH-2.0-toolA", ["root:a-priv1", "root:a-priv2", "admin:a-priv3", $"user:a{variant}", "root:123456"],
            [("http://a-c2.example/x.sh", "shaA")], ["decky-1"]),
        _ => Profile(ip, "hassh-B", "SSH-2.0-toolB", ["root:b-priv1", "root:b-priv2", "admin:b-priv3", $"user:b{variant}", "root:123456"],
            [("http://b-c2.example/y.sh", "shaB")], ["decky-2"]),
    };
}

/// <summary>Records what is published; nothing is delivered.</summary>
internal sealed class RecordingBus : IBus
{
    public List<(string Topic, string Payload)> Published { get; } = [];
    public void Publish(string topic, string type, ReadOnlyMemory<byte> payloadJson) =>
        Published.Add((topic, System.Text.Encoding.UTF8.GetString(payloadJson.Span)));
    public void PublishEnvelope(BusEnvelope envelope) => Publish(envelope.Topic, envelope.Type, envelope.Payload);
    public BusSubscription Subscribe(string pattern, int capacity = 4096) => throw new NotSupportedException();
    public BusSubscription Subscribe(string pattern, int capacity, BoundedChannelFullMode fullMode) => throw new NotSupportedException();
    public long PublishDropped => 0;
    public void Dispose() { }
    public int Count(string topic) => Published.Count(p => p.Topic == topic);
}
