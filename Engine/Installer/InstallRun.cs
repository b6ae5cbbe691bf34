namespace Decnet.Engine.Installer;

/// <summary>One `init` or `init --deinit`: its plan (computed before anything changes), warnings, and execution.</summary>
public sealed class InstallRun
{
    private readonly InstallHost _host;

    private InstallRun(InstallHost host, IReadOnlyList<InstallStep> steps, IReadOnlyList<string> warnings)
    {
        _host = host; Steps = steps; Warnings = warnings;
    }

    public IReadOnlyList<InstallStep> Steps { get; }
    public IReadOnlyList<string> Warnings { get; }

    public static async Task<InstallRun> PlanAsync(InstallLayout layout, InstallHost host, InstallOptions options, CancellationToken ct)
    {
        if (options.Deinit)
            return new InstallRun(host, await new DeinitPlanner(layout, host).PlanAsync(options, ct).ConfigureAwait(false), []);
        var steps = await new InstallPlanner(layout, host).PlanAsync(options, ct).ConfigureAwait(false);
        return new InstallRun(host, steps, InstallPlanner.Warnings(options));
    }

    public Task<IReadOnlyList<StepResult>> ExecuteAsync(Action<StepResult> report, CancellationToken ct) =>
        new InstallExecutor(_host).ExecuteAsync(Steps, report, ct);
}
