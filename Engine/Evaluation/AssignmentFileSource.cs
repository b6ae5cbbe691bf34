using Decnet.Engine.Simulation;

namespace Decnet.Engine.Evaluation;

/// <summary>Predicted assignments from a JSONL file of the truth shape (<c>ip</c>, <c>identity</c>, <c>campaign</c>).</summary>
public sealed class AssignmentFileSource(string path) : IClusterAssignmentSource
{
    /// <summary>Bad lines of the last <see cref="Load"/>, as "file:line: reason".</summary>
    public List<string> Errors { get; } = [];

    public IReadOnlyDictionary<string, ClusterAssignment> Load(CancellationToken cancellationToken)
    {
        Errors.Clear();
        return ToAssignments(TruthFile.Read(path, Errors));
    }

    public static Dictionary<string, ClusterAssignment> ToAssignments(IEnumerable<TruthRecord> records)
    {
        var map = new Dictionary<string, ClusterAssignment>(StringComparer.Ordinal);
        foreach (var r in records) map[r.Ip] = new ClusterAssignment(r.Identity, r.Campaign);
        return map;
    }
}
