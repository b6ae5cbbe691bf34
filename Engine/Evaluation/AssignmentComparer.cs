namespace Decnet.Engine.Evaluation;

/// <summary>
/// Compares a predicted assignment with the truth at the identity and the campaign level, over the truth's IPs.
/// Labels are normalised the same way on both sides, so either convention for "belongs to nothing" scores alike:
/// an empty identity is the IP's own singleton, and an empty campaign means the identity stands alone as its own
/// campaign (so the campaign partition is always at least as coarse as the identity partition).
/// </summary>
public static class AssignmentComparer
{
    public static EvaluationReport Compare(IReadOnlyDictionary<string, ClusterAssignment> truth, IReadOnlyDictionary<string, ClusterAssignment> predicted)
    {
        // A fixed item order (sorted IPs) keeps the floating-point sums, hence the printed figures, reproducible.
        var ips = truth.Keys.ToArray();
        Array.Sort(ips, StringComparer.Ordinal);
        var n = ips.Length;
        var trueIdentity = new int[n];
        var trueCampaign = new int[n];
        var predictedIdentity = new int[n];
        var predictedCampaign = new int[n];
        var trueLabels = new Dictionary<string, int>(StringComparer.Ordinal);
        var predictedLabels = new Dictionary<string, int>(StringComparer.Ordinal);
        long missing = 0;
        for (var i = 0; i < n; i++)
        {
            var ip = ips[i];
            var t = truth[ip];
            trueIdentity[i] = Label(trueLabels, IdentityKey(ip, t));
            trueCampaign[i] = Label(trueLabels, CampaignKey(ip, t));
            if (predicted.TryGetValue(ip, out var p))
            {
                predictedIdentity[i] = Label(predictedLabels, IdentityKey(ip, p));
                predictedCampaign[i] = Label(predictedLabels, CampaignKey(ip, p));
            }
            else
            {
                missing++;
                predictedIdentity[i] = predictedCampaign[i] = Label(predictedLabels, "\0missing\0" + ip);
            }
        }
        long extra = 0;
        foreach (var ip in predicted.Keys) if (!truth.ContainsKey(ip)) extra++;
        return new EvaluationReport(n, missing, extra,
            ClusteringMetrics.Score(trueIdentity, predictedIdentity),
            ClusteringMetrics.Score(trueCampaign, predictedCampaign));
    }

    private static string IdentityKey(string ip, ClusterAssignment a) =>
        string.IsNullOrEmpty(a.Identity) ? "\0ip\0" + ip : "i\0" + a.Identity;

    private static string CampaignKey(string ip, ClusterAssignment a) =>
        string.IsNullOrEmpty(a.Campaign) ? IdentityKey(ip, a) : "c\0" + a.Campaign;

    private static int Label(Dictionary<string, int> labels, string key)
    {
        if (!labels.TryGetValue(key, out var id)) labels[key] = id = labels.Count;
        return id;
    }
}
