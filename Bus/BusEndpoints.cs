namespace Decnet.Bus;

/// <summary>
/// Where a bus client connects: <see cref="Publish"/> takes messages in, <see cref="Subscribe"/> hands them out.
/// </summary>
public sealed record BusEndpoints(string Publish, string Subscribe)
{
    public const string DefaultInprocName = "decnet-bus";

    /// <summary>The in-process endpoints inside <c>decnet supervise</c> (a different name isolates tests).</summary>
    public static BusEndpoints Inproc(string name = DefaultInprocName)
    {
        TopicToken.Require(name, nameof(name));
        return new($"inproc://{name}-pub", $"inproc://{name}-sub");
    }
}
