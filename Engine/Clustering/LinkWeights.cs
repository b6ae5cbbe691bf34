namespace Decnet.Engine.Clustering;

/// <summary>
/// Every weight and threshold of identity and campaign linking, in one place.
///
/// A pair's score is the sum, over the feature values both hold, of <c>kind weight × rarity</c>, where rarity is the
/// inverse document frequency scaled to [0, 1] (see <see cref="Rarity"/>): 1 for a value only two share, 0 for a value
/// held by more than <see cref="CommonShare"/> of the population: a common password, a botnet's shared
/// HASSH or a public wordlist weighs nothing, so no link can rest on it. Each kind's total is capped, so one long
/// list (credentials, commands) cannot pass a threshold alone. Kind weights stay below the threshold: an identity
/// edge needs at least two independent kinds of evidence.
/// </summary>
public static class LinkWeights
{
    /// <summary>A value held by more than this share of the population contributes 0 (and never joins anything).</summary>
    public const double CommonShare = 0.05;

    /// <summary>A credential step walked by attackers with at least this many different client fingerprints is a public list's order.</summary>
    public const int ListStepTools = 2;

    /// <summary>A credential tried by attackers with at least this many different client fingerprints is on a public list (a private one is one toolkit's).</summary>
    public const int ListCredentialTools = 3;

    /// <summary>Blocking: a value held by more attackers than this does not produce candidate pairs (it still weighs in a pair found otherwise).</summary>
    public const int PostingCap = 256;

    /// <summary>
    /// Blocking: only values weighing at least this produce candidate pairs. A pair that passes a threshold has, in
    /// practice, at least one such value (checked against the all-pairs reference in the tests and `make bench`).
    /// </summary>
    public const double BlockingMinWeight = 0.2;

    public const double IdentityThreshold = 1.0;
    public const double CampaignThreshold = 1.0;

    /// <summary>Campaign: identities active on a common decky with overlapping windows.</summary>
    public const double CoordinationBonus = 0.2;
    /// <summary>Campaign: one identity's last activity followed by another's first within <see cref="HandOffWindow"/> on a common decky.</summary>
    public const double HandOffBonus = 0.2;
    public static readonly TimeSpan HandOffWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Identity level: one operator = one toolset. A rare HASSH (a tool of its own), private credentials and the order
    /// the tool walks its wordlist weigh most; campaign infrastructure (downloads) little, since two operators of one
    /// campaign share it. Within a kind the three heaviest shared values count 1, ½, ¼ (see <see cref="LinkLevel.Score"/>).
    /// </summary>
    public static double Identity(FeatureKind kind) => kind switch
    {
        FeatureKind.Hassh => 0.9,
        FeatureKind.SshVersion => 0.2,
        FeatureKind.Ja3 => 0.8,
        FeatureKind.UserAgent => 0.2,
        FeatureKind.Credential => 0.45,
        FeatureKind.WordlistOrder => 0.4,
        FeatureKind.Command => 0.1,
        FeatureKind.DownloadUrl => 0.2,
        FeatureKind.DownloadHost => 0.1,
        FeatureKind.PayloadSha => 0.2,
        FeatureKind.TcpipTarget => 0.3,
        FeatureKind.Network => 0.2,
        _ => 0,
    };

    /// <summary>The most one kind adds to an identity pair's score (each below the threshold: no kind links alone).</summary>
    public static double IdentityCap(FeatureKind kind) => kind switch
    {
        FeatureKind.Credential => 0.8,
        FeatureKind.WordlistOrder => 0.7,
        FeatureKind.Hassh or FeatureKind.Ja3 => 0.9,
        _ => 2 * Identity(kind),
    };

    /// <summary>Campaign level: shared infrastructure (payloads, download/C2 hosts, tunnel targets) weighs most.</summary>
    public static double Campaign(FeatureKind kind) => kind switch
    {
        FeatureKind.PayloadSha => 0.6,
        FeatureKind.DownloadUrl => 0.5,
        FeatureKind.DownloadHost => 0.4,
        FeatureKind.TcpipTarget => 0.5,
        FeatureKind.Credential => 0.1,
        FeatureKind.WordlistOrder => 0.05,
        FeatureKind.Hassh => 0.3,
        _ => 0,
    };

    public static double CampaignCap(FeatureKind kind) => kind switch
    {
        FeatureKind.Credential => 0.3,
        FeatureKind.WordlistOrder => 0.2,
        FeatureKind.PayloadSha => 0.9,
        FeatureKind.DownloadUrl => 0.7,
        FeatureKind.TcpipTarget => 0.7,
        _ => Campaign(kind),
    };

    /// <summary>
    /// 1 for a value two units share, falling with the log of its holders to 0 at <see cref="CommonShare"/> of the
    /// population: <c>ln(cut/df) / ln(cut/2)</c> with <c>cut = CommonShare × N</c>. Zero for unshared or common values.
    /// Both counts are taken in steps (<see cref="CountStep"/>, <see cref="PopulationStep"/>), so a value's weight only
    /// moves when its holders cross a step: an incremental tick then knows exactly which weights moved and gives the
    /// same result as a full link.
    /// </summary>
    public static double Rarity(int holders, int population)
    {
        if (holders < 2) return 0;
        var cut = CommonShare * PopulationStep(population);
        if (holders > cut) return 0;
        if (cut <= 2) return 1;
        // The step that reaches the common line already weighs 0, so crossing the line moves no weight.
        if (holders > ExactCounts && NextCountStep(holders) > cut) return 0;
        return Math.Min(1, Math.Log(cut / CountStep(holders)) / Math.Log(cut / 2));
    }

    /// <summary>Holder counts up to this are used as they are; above, in steps (<see cref="CountStep"/>).</summary>
    public const int ExactCounts = 32;

    /// <summary>
    /// A holder count as rarity uses it: exact up to <see cref="ExactCounts"/>, then the bottom of its quarter-octave step
    /// (19 %), and past <see cref="PostingCap"/> (values that are never blocking keys and weigh little) of its octave.
    /// Coarse steps where holders are many keep the attackers an incremental tick re-links few: a value's holders are
    /// re-linked each time its count crosses a step.
    /// </summary>
    public static double CountStep(int holders) => holders <= ExactCounts ? holders : Math.Pow(2, Math.Floor(Math.Log2(holders) * StepsPerOctave(holders)) / StepsPerOctave(holders));

    private static double NextCountStep(int holders) => CountStep(holders) * Math.Pow(2, 1.0 / StepsPerOctave(holders));

    private static int StepsPerOctave(int holders) => holders <= PostingCap ? 4 : 1;

    /// <summary>The population as rarity and the common line use it: the bottom of its sixteenth-octave step (4.4 %). A tick
    /// that crosses a step moves every weight, so it links everything again.</summary>
    public static double PopulationStep(int population) =>
        population <= 16 ? population : Math.Pow(2, Math.Floor(Math.Log2(population) * 16) / 16);

    /// <summary>The kinds the contradiction veto reads (two rare HASSHs or JA3s sharing none; a shared client version or user agent, a library's string, does not lift it): a value of these crossing the common line changes vetoes.</summary>
    public static bool IsVetoKind(FeatureKind kind) => kind is FeatureKind.Hassh or FeatureKind.Ja3;

    /// <summary>True when a value is common (weighs 0 by the <see cref="CommonShare"/> rule).</summary>
    public static bool IsCommon(int holders, int population) => holders > CommonCut(population);

    /// <summary>The holder count above which a value is common (hot paths keep it instead of calling <see cref="IsCommon"/>).</summary>
    public static double CommonCut(int population) => CommonShare * PopulationStep(population);

    /// <summary>
    /// Second identity pass: a value's holders are also counted per first-pass identity (its unrelated holders), for
    /// values held by at most <see cref="PostingCap"/> attackers (the ones the index lists, so a tick recounts them exactly).
    /// </summary>
    public static bool CountsUnrelated(int holders) => holders <= PostingCap;
}
