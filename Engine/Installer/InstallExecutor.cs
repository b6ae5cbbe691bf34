using System.Text;
using Decnet.Bus;

namespace Decnet.Engine.Installer;

/// <summary>Runs a plan step by step; the first failure stops it (later steps build on earlier ones).</summary>
public sealed class InstallExecutor(InstallHost host)
{
    public async Task<IReadOnlyList<StepResult>> ExecuteAsync(IReadOnlyList<InstallStep> steps, Action<StepResult> report, CancellationToken ct)
    {
        var results = new List<StepResult>();
        foreach (var step in steps)
        {
            ct.ThrowIfCancellationRequested();
            StepResult result;
            if (!step.Needed) result = new StepResult(step.Name, StepStatus.Skip, step.Reason);
            else
            {
                var failure = await ApplyAllAsync(step.Actions, ct).ConfigureAwait(false);
                result = failure is null ? new StepResult(step.Name, StepStatus.Ok, step.Reason) : new StepResult(step.Name, StepStatus.Fail, failure);
            }
            results.Add(result);
            report(result);
            if (result.Status == StepStatus.Fail) break;
        }
        return results;
    }

    /// <summary>Null on success, else a one-line reason naming the action that failed.</summary>
    private async Task<string?> ApplyAllAsync(IReadOnlyList<InstallAction> actions, CancellationToken ct)
    {
        foreach (var action in actions)
        {
            try
            {
                if (action is RunCommandAction run)
                {
                    var r = await host.Commands.RunAsync(run.Argv, ct).ConfigureAwait(false);
                    if (!r.Succeeded && !run.AcceptedExitCodes.Contains(r.ExitCode))
                        return $"{run.Describe()}: exit {r.ExitCode}" + (r.Summary.Length > 0 ? ": " + r.Summary : "");
                }
                else Apply(action);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BusCredentialsException or ArgumentException)
            {
                return $"{action.Describe()}: {e.Message}";
            }
        }
        return null;
    }

    private void Apply(InstallAction action)
    {
        var files = host.Files;
        switch (action)
        {
            case MakeDirectoryAction mk: files.CreateDirectory(mk.Path, mk.Mode); break;
            case SetModeAction chmod: files.SetMode(chmod.Path, chmod.Mode); break;
            case WriteFileAction write: files.WriteAtomically(write.Path, Encoding.UTF8.GetBytes(write.Content), write.Mode); break;
            case CopyFileAction copy: files.CopyAtomically(copy.Source, copy.Path, copy.Mode); break;
            case DeleteAction delete: files.Delete(delete.Path, delete.Recursive); break;
            case GenerateBusKeyAction key:
                // Only when absent: LoadOrCreate never replaces an existing key pair (clients hold the public key).
                Directory.CreateDirectory(Path.GetDirectoryName(files.Resolve(key.Path))!);
                BusCredentials.LoadOrCreate(files.Resolve(key.Path));
                break;
            default: throw new InvalidOperationException($"unknown install action {action.GetType().Name}");
        }
    }
}
