using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Decnet.Engine.Evaluation;
using Decnet.Engine.Simulation;

namespace Decnet.Commands;

/// <summary>`decnet eval --truth FILE [--predicted FILE] [--json]`: clustering quality against a truth file, per level.</summary>
public static class EvalCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var truth = new Option<string>("--truth") { Description = "truth file (JSON Lines: ip, identity, campaign), e.g. from 'decnet simulate --truth'", Required = true };
        var predicted = new Option<string?>("--predicted") { Description = "predicted assignments in the same shape; default: the store's identities and campaigns" };
        var json = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var cmd = new Command("eval", "score identity and campaign clustering against a truth file") { truth, predicted, json };
        cmd.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => RunAsync(ctx, host, pr.GetValue(truth)!, pr.GetValue(predicted), pr.GetValue(json), ct)));
        root.Subcommands.Add(cmd);
    }

    private static Task<int> RunAsync(CliContext ctx, CommandHost host, string truthPath, string? predictedPath, bool json, CancellationToken ct)
    {
        if (!File.Exists(truthPath)) return Task.FromResult(ctx.Fail(ExitCodes.Failure, $"{truthPath}: no such file"));
        var errors = new List<string>();
        var truth = AssignmentFileSource.ToAssignments(TruthFile.Read(truthPath, errors));
        foreach (var e in errors) ctx.Err.WriteLine("decnet: " + e);
        if (truth.Count == 0) return Task.FromResult(ctx.Fail(ExitCodes.Failure, $"{truthPath}: no usable lines"));

        if (predictedPath is null) return FromStoreAsync(ctx, host, truth, json, ct);
        if (!File.Exists(predictedPath)) return Task.FromResult(ctx.Fail(ExitCodes.Failure, $"{predictedPath}: no such file"));
        var source = new AssignmentFileSource(predictedPath);
        var assignments = source.Load(ct);
        foreach (var e in source.Errors) ctx.Err.WriteLine("decnet: " + e);
        Print(ctx, AssignmentComparer.Compare(truth, assignments), json);
        return Task.FromResult(errors.Count + source.Errors.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok);
    }

    private static Task<int> FromStoreAsync(CliContext ctx, CommandHost host, Dictionary<string, ClusterAssignment> truth, bool json, CancellationToken ct) =>
        StoreAccess.RunAsync(ctx, host, "eval", store => Evaluate(ctx, truth, new Engine.Clustering.StoreAssignmentSource(store), json, ct), ct);

    /// <summary>Scores <paramref name="source"/> against <paramref name="truth"/> and prints the report.</summary>
    public static int Evaluate(CliContext ctx, IReadOnlyDictionary<string, ClusterAssignment> truth, IClusterAssignmentSource source, bool json, CancellationToken ct)
    {
        Print(ctx, AssignmentComparer.Compare(truth, source.Load(ct)), json);
        return ExitCodes.Ok;
    }

    private static void Print(CliContext ctx, EvaluationReport report, bool json)
    {
        if (json)
        {
            WriteJson(ctx.Out, report);
            return;
        }
        var table = new TableWriter("LEVEL", "IPS", "TRUE", "PREDICTED", "ARI", "HOMOG", "COMPL", "V", "PAIR-P", "PAIR-R", "PAIR-F1", "SINGLETON-R");
        foreach (var (level, s) in new[] { ("identity", report.Identity), ("campaign", report.Campaign) })
            table.Add(level, Int(s.Items), Int(s.TrueClusters), Int(s.PredictedClusters), Num(s.AdjustedRandIndex), Num(s.Homogeneity),
                Num(s.Completeness), Num(s.VMeasure), Num(s.PairPrecision), Num(s.PairRecall), Num(s.PairF1),
                s.SingletonRecall is { } r ? Num(r) + $" of {Int(s.TrueSingletons)}" : "-");
        table.WriteTo(ctx.Out);
        if (report.Missing > 0) ctx.Out.WriteLine($"{Int(report.Missing)} truth IPs have no prediction (scored as predicted singletons)");
        if (report.Extra > 0) ctx.Out.WriteLine($"{Int(report.Extra)} predicted IPs are not in the truth (ignored)");
    }

    private static string Int(long n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Num(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void WriteJson(TextWriter output, EvaluationReport report)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("ips", report.Ips);
            w.WriteNumber("missing", report.Missing);
            w.WriteNumber("extra", report.Extra);
            WriteLevel(w, "identity", report.Identity);
            WriteLevel(w, "campaign", report.Campaign);
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteLevel(Utf8JsonWriter w, string name, ClusteringScores s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("items", s.Items);
        w.WriteNumber("true_clusters", s.TrueClusters);
        w.WriteNumber("predicted_clusters", s.PredictedClusters);
        w.WriteNumber("adjusted_rand_index", s.AdjustedRandIndex);
        w.WriteNumber("homogeneity", s.Homogeneity);
        w.WriteNumber("completeness", s.Completeness);
        w.WriteNumber("v_measure", s.VMeasure);
        w.WriteNumber("pair_precision", s.PairPrecision);
        w.WriteNumber("pair_recall", s.PairRecall);
        w.WriteNumber("pair_f1", s.PairF1);
        w.WriteNumber("true_singletons", s.TrueSingletons);
        if (s.SingletonRecall is { } r) w.WriteNumber("singleton_recall", r); else w.WriteNull("singleton_recall");
        w.WriteEndObject();
    }
}
