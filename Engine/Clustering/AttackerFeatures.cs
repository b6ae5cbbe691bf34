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

    /// <summary>The distinct feature keys of a profile, sorted. Same keys as <see cref="Visit{TSink}"/> gives, hashed without building the credential strings.</summary>
    public static ulong[] Keys(AttackerProfile p) => Keys(p, null);

    /// <summary>As <see cref="Keys(AttackerProfile)"/>; also appends each credential step as (step, from, to) keys to <paramref name="steps"/>.</summary>
    public static ulong[] Keys(AttackerProfile p, List<ulong>? steps) => Keys(p, steps, new List<ulong>(16 + 2 * p.Credentials.Count + p.Commands.Count));

    /// <param name="keys">Scratch list (cleared), reused between attackers so that only the result is allocated.</param>
    public static ulong[] Keys(AttackerProfile p, List<ulong>? steps, List<ulong> keys)
    {
        keys.Clear();
        foreach (var v in p.Hassh) keys.Add(FeatureKey.Of(FeatureKind.Hassh, v.Value));
        foreach (var v in p.SshVersions) keys.Add(FeatureKey.Of(FeatureKind.SshVersion, v.Value));
        foreach (var v in p.Ja3) keys.Add(FeatureKey.Of(FeatureKind.Ja3, v.Value));
        foreach (var v in p.UserAgents) keys.Add(FeatureKey.Of(FeatureKind.UserAgent, v.Value));
        var creds = p.Credentials;
        ulong previous = 0;
        for (var i = 0; i < creds.Count; i++)
        {
            var credential = FeatureKey.OfParts(FeatureKind.Credential, [creds[i].Username, ":", creds[i].Password]);
            keys.Add(credential);
            if (i > 0)
            {
                var step = FeatureKey.OfParts(FeatureKind.WordlistOrder, [creds[i - 1].Username, ":", creds[i - 1].Password, StepArrow, creds[i].Username, ":", creds[i].Password]);
                keys.Add(step);
                if (steps != null) { steps.Add(step); steps.Add(previous); steps.Add(credential); }
            }
            previous = credential;
        }
        foreach (var c in p.Commands) keys.Add(FeatureKey.Of(FeatureKind.Command, c.Normalised));
        foreach (var d in p.Downloads)
        {
            keys.Add(FeatureKey.Of(FeatureKind.DownloadUrl, d.Url));
            if (Host(d.Url) is { } host) keys.Add(FeatureKey.Of(FeatureKind.DownloadHost, host));
            if (d.Sha256 is { Length: > 0 } sha) keys.Add(FeatureKey.Of(FeatureKind.PayloadSha, sha));
        }
        foreach (var t in p.DirectTcpipTargets) keys.Add(FeatureKey.Of(FeatureKind.TcpipTarget, t.Value));
        if (p.Geo?.Network is { Length: > 0 } net) keys.Add(FeatureKey.Of(FeatureKind.Network, net));
        foreach (var s in p.Sensors) keys.Add(FeatureKey.Of(FeatureKind.Sensor, s));
        keys.Sort();
        var n = 0;
        for (var i = 0; i < keys.Count; i++)
            if (i == 0 || keys[i] != keys[i - 1]) keys[n++] = keys[i];
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys)[..n].ToArray();
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
    public static string CredentialStep(CredentialEntry before, CredentialEntry after) => Credential(before) + StepArrow + Credential(after);

    private const string StepArrow = " → ";

    /// <summary>The host (with port) of a URL, lower case; "1.2.3.4/x.sh" without a scheme works too.</summary>
    public static string? Host(string url)
    {
        var rest = url.AsSpan();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) rest = rest[(scheme + 3)..];
        var at = rest.IndexOf('@');
        var end = rest.IndexOfAny('/', '?', '#');
        if (at >= 0 && (end < 0 || at < end)) { rest = rest[(at + 1)..]; end = rest.IndexOfAny('/', '?', '#'); }
        var host = end >= 0 ? rest[..end] : rest;
        if (host.IsEmpty || host.Contains(' ')) return null;
        return host.ToString().ToLowerInvariant();
    }

    private struct DescribeSink(Dictionary<ulong, (FeatureKind, string)> values) : IFeatureSink
    {
        public readonly Dictionary<ulong, (FeatureKind Kind, string Value)> Values = values;
        public readonly void Add(FeatureKind kind, string value) => Values.TryAdd(FeatureKey.Of(kind, value), (kind, value));
    }
}
