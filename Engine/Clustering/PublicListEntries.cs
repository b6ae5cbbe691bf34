namespace Decnet.Engine.Clustering;

/// <summary>
/// Credentials of a public list and the steps between them. A list's deep entries are rare only because few walkers
/// get that far, so two walkers that stopped at the same depth share nothing of their own. A step is a list's order
/// when different tools walk it: its holders show at least <see cref="LinkWeights.ListStepTools"/> different client
/// fingerprints. Public: every common credential, every credential tried by <see cref="LinkWeights.ListCredentialTools"/>
/// different tools, and whatever a public credential leads to by such a step. An operator's own order (and the private
/// entries it slips in) is walked by one toolkit, so it stays private.
/// </summary>
public static class PublicListEntries
{
    /// <returns>One flag per value of <paramref name="values"/> (at least <paramref name="valueCount"/> long).</returns>
    public static bool[] Find(ValueTable values, int valueCount, int[] holders, ValueTools tools, int population)
    {
        var v = valueCount;
        var isPublic = new bool[v];
        bool IsListStep(int step) => tools.Count(step) >= LinkWeights.ListStepTools;
        var outStart = new int[v + 1];
        for (var id = 0; id < v; id++)
            if (holders[id] > 0 && values.StepParts(id, out var from, out _) && IsListStep(id)) outStart[from + 1]++;
        for (var id = 0; id < v; id++) outStart[id + 1] += outStart[id];
        var outSteps = new int[outStart[v]];
        var fill = new int[v];
        for (var id = 0; id < v; id++)
            if (holders[id] > 0 && values.StepParts(id, out var from, out _) && IsListStep(id)) outSteps[outStart[from] + fill[from]++] = id;
        var queue = new Queue<int>();
        var cut = LinkWeights.CommonCut(population);
        for (var id = 0; id < v; id++)
            if (values.Kind(id) == FeatureKind.Credential && holders[id] > 0
                && (holders[id] > cut || tools.Count(id) >= LinkWeights.ListCredentialTools)) { isPublic[id] = true; queue.Enqueue(id); }
        while (queue.TryDequeue(out var w))
            for (var p = outStart[w]; p < outStart[w + 1]; p++)
            {
                var step = outSteps[p];
                values.StepParts(step, out _, out var x);
                isPublic[step] = true;
                if (!isPublic[x]) { isPublic[x] = true; queue.Enqueue(x); }
            }
        return isPublic;
    }
}
