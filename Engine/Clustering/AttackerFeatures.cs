using Decnet.Engine.Profiler;

namespace Decnet.Engine.Clustering;

/// <summary>Receives an attacker's feature values one at a time (no list allocated per attacker).</summary>
public interface IFeatureSink
{
    void Add(FeatureKind kind, string value);
}

/// <summary>
/// The features of one attacker profile (issue 4, item 1): client fingerprints, credentials (each pair and the
/// order of the first few), normalised commands, downloads (URL, host, SHA-256), tunnel targets, network, deckies.
/// </summary>
public static class AttackerFeatures
{
    public static void Visit<TSink>(AttackerProfile p, ref TSink sink) where TSink : IFeatureSink
    {
        foreach (var v in p.Hassh) sink.Add(FeatureKind.Hassh, v.Value);
        foreach (var v in p.SshVersions) sink.Add(FeatureKind.SshVersion, v.Value);
        foreach (var v in p.Ja3) sink.Add(FeatureKind.Ja3, v.Value);
        foreach (var v in p.UserAgents) sink.Add(FeatureKind.UserAgent, v.Value);
        var creds = p.Credentials;
        foreach (var c in creds) sink.Add(FeatureKind.Credential, Credential(c));
        for (var i = 1; i < creds.Count; i++) sink.Add(FeatureKind.WordlistOrder, CredentialStep(creds[i - 1], creds[i]));
        foreach (var c in p.Commands) sink.Add(FeatureKind.Command, c.Normalised);
        foreach (var d in p.Downloads)
        {
            sink.Add(FeatureKind.DownloadUrl, d.Url);
            if (Host(d.Url) is { } host) sink.Add(FeatureKind.DownloadHost, host);
            if (d.Sha256 is { Length: > 0 } sha) sink.Add(FeatureKind.PayloadSha, sha);
        }
        foreach (var t in p.DirectTcpipTargets) sink.Add(FeatureKind.TcpipTarget, t.Value);
        if (p.Geo?.Network is { Length: > 0 } net) sink.Add(FeatureKind.Network, net);
        foreach (var s in p.Sensors) sink.Add(FeatureKind.Sensor, s);
    }

    /// <summary>The distinct feature keys of a profile, sorted.</summary>
    public static ulong[] Keys(AttackerProfile p)
    {
        var sink = new KeySink(new List<ulong>(32));
        Visit(p, ref sink);
        var keys = sink.Keys;
        keys.Sort();
        var n = 0;
        for (var i = 0; i < keys.Count; i++)
            if (i == 0 || keys[i] != keys[i - 1]) keys[n++] = keys[i];
        return keys.GetRange(0, n).ToArray();
    }

    /// <summary>Key → readable value, for explaining a link.</summary>
    public static Dictionary<ulong, (FeatureKind Kind, string Value)> Describe(AttackerProfile p)
    {
        var sink = new DescribeSink(new Dictionary<ulong, (FeatureKind, string)>());
        Visit(p, ref sink);
        return sink.Values;
    }

    public static string Credential(CredentialEntry c) => c.Username + ":" + (c.Password ?? "");

    /// <summary>Two credentials tried one after the other: a tool walks its wordlist in its own order.</summary>
    public static string CredentialStep(CredentialEntry before, CredentialEntry after) => Credential(before) + " → " + Credential(after);

    public static string? Host(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0) return uri.Host.ToLowerInvariant();
        // "1.2.3.4/x.sh" without a scheme: the part before the first slash.
        var slash = url.IndexOf('/');
        var host = slash > 0 ? url[..slash] : null;
        return host is { Length: > 0 } && !host.Contains(' ') ? host.ToLowerInvariant() : null;
    }

    private struct KeySink(List<ulong> keys) : IFeatureSink
    {
        public readonly List<ulong> Keys = keys;
        public readonly void Add(FeatureKind kind, string value) => Keys.Add(FeatureKey.Of(kind, value));
    }

    private struct DescribeSink(Dictionary<ulong, (FeatureKind, string)> values) : IFeatureSink
    {
        public readonly Dictionary<ulong, (FeatureKind Kind, string Value)> Values = values;
        public readonly void Add(FeatureKind kind, string value) => Values.TryAdd(FeatureKey.Of(kind, value), (kind, value));
    }
}
