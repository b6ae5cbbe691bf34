using System.Text.Json;
using System.Text.Json.Serialization;

namespace Decnet.Engine.Supervisor;

/// <summary>
/// What a running `decnet supervise` publishes about itself in &lt;data-dir&gt;/supervisor.json (0640): how other
/// invocations reach its bus and control channel, and which syslog endpoints it listens on.
/// </summary>
public sealed record SupervisorInfo(
    int Pid,
    DateTimeOffset Started,
    string Version,
    string DataDir,
    string? BusPublishEndpoint,
    string? BusSubscribeEndpoint,
    string ControlEndpoint,
    IReadOnlyList<string> Listeners,
    IReadOnlyList<string> Workers)
{
    public const string FileName = "supervisor.json";

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    public void Write(string dataDir)
    {
        var path = PathIn(dataDir);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, SupervisorJson.Default.SupervisorInfo));
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Null when no supervisor has published itself (or the file is unreadable / stale garbage).</summary>
    public static SupervisorInfo? TryRead(string dataDir)
    {
        try
        {
            var path = PathIn(dataDir);
            if (!File.Exists(path)) return null;
            return JsonSerializer.Deserialize(File.ReadAllText(path), SupervisorJson.Default.SupervisorInfo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public static void Remove(string dataDir)
    {
        try { File.Delete(PathIn(dataDir)); } catch (IOException) { }
    }
}

/// <summary>Control-channel request to run a command inside the supervisor (it owns the store).</summary>
public sealed record ExecRequest(IReadOnlyList<string> Argv);

public sealed record ExecReply(int ExitCode, string Stdout, string Stderr);

public sealed record IngestReply(long Accepted, long Duplicates, long NewAttackers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(SupervisorInfo))]
[JsonSerializable(typeof(ExecRequest))]
[JsonSerializable(typeof(ExecReply))]
[JsonSerializable(typeof(IngestReply))]
internal sealed partial class SupervisorJson : JsonSerializerContext;
