namespace Decnet.Engine.Clustering;

/// <summary>
/// Every weight and threshold of identity and campaign linking, in one place.
///
/// A pair's score is the sum, over the feature values both hold, of <c>kind weight × rarity</c>, where rarity is the
/// normalised inverse document frequency <c>ln(N/df) / ln(N)</c> (N = population, df = holders of the value) and is 0
/// for a value held by more than <see cref="CommonShare"/> of the population: a common password, a botnet's shared
/// HASSH or a public wordlist weighs nothing, so no link can rest on it. Each kind's total is capped, so one long
/// list (credentials, commands) cannot pass a threshold alone. Kind weights stay below the threshold: an identity
/// edge needs at least two independent kinds of evidence.
/// </summary>
public static class LinkWeights
{
    /// <summary>A value held by more than this share of the population contributes 0 (and never joins anything).</summary>
    public const double CommonShare = 0.05;

    /// <summary>Blocking: a value held by more attackers than this does not produce candidate pairs (it still weighs in a pair found otherwise).</summary>
    public const int PostingCap = 1_000;

    /// <summary>How many first credentials (in first-attempt order) make the wordlist-order signature.</summary>
    public const int WordlistPrefix = 5;

    public const double IdentityThreshold = 1.2;
    public const double CampaignThreshold = 1.0;

    /// <summary>Campaign: identities active on a common decky with overlapping windows.</summary>
    public const double CoordinationBonus = 0.3;
    /// <summary>Campaign: one identity's last activity followed by another's first within <see cref="HandOffWindow"/> on a common decky.</summary>
    public const double HandOffBonus = 0.3;
    public static readonly TimeSpan HandOffWindow = TimeSpan.FromHours(24);

    /// <summary>Identity level: one operator = one toolset. Fingerprints and wordlists weigh most; infrastructure less (that is campaign evidence).</summary>
    public static double Identity(FeatureKind kind) => kind switch
    {
        FeatureKind.Hassh => 0.5,
        FeatureKind.SshVersion => 0.3,
        FeatureKind.Ja3 => 0.5,
        FeatureKind.UserAgent => 0.3,
        FeatureKind.Credential => 0.15,
        FeatureKind.WordlistOrder => 0.8,
        FeatureKind.Command => 0.25,
        FeatureKind.DownloadUrl => 0.4,
        FeatureKind.DownloadHost => 0.2,
        FeatureKind.PayloadSha => 0.4,
        FeatureKind.TcpipTarget => 0.4,
        FeatureKind.Network => 0.3,
        _ => 0,
    };

    /// <summary>The most one kind adds to an identity pair's score.</summary>
    public static double IdentityCap(FeatureKind kind) => kind switch
    {
        FeatureKind.Credential => 0.6,
        FeatureKind.Command => 0.75,
        FeatureKind.TcpipTarget => 0.8,
        _ => Identity(kind),
    };

    /// <summary>Campaign level: shared infrastructure (payloads, C2 hosts, tunnel targets) weighs most.</summary>
    public static double Campaign(FeatureKind kind) => kind switch
    {
        FeatureKind.PayloadSha => 0.9,
        FeatureKind.DownloadUrl => 0.7,
        FeatureKind.DownloadHost => 0.6,
        FeatureKind.TcpipTarget => 0.6,
        FeatureKind.Credential => 0.15,
        FeatureKind.WordlistOrder => 0.5,
        FeatureKind.Command => 0.2,
        FeatureKind.Hassh => 0.2,
        FeatureKind.Ja3 => 0.2,
        _ => 0,
    };

    public static double CampaignCap(FeatureKind kind) => kind switch
    {
        FeatureKind.Credential => 0.6,
        FeatureKind.Command => 0.6,
        FeatureKind.TcpipTarget => 1.0,
        FeatureKind.PayloadSha => 1.2,
        _ => Campaign(kind),
    };

    /// <summary>Normalised inverse document frequency; 0 for values nobody shares or that are common.</summary>
    public static double Rarity(int holders, int population)
    {
        if (holders < 2 || population < 2) return 0;
        if (holders > CommonShare * population) return 0;
        return Math.Log((double)population / holders) / Math.Log(population);
    }

    /// <summary>True when a value is common (weighs 0 by the <see cref="CommonShare"/> rule).</summary>
    public static bool IsCommon(int holders, int population) => holders > CommonShare * population;
}
