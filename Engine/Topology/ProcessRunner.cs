using System.Diagnostics;

namespace Decnet.Engine.Topology;

/// <summary>What a finished child process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The last non-empty line of stderr (or stdout): the one-line reason an operator wants.</summary>
    public string LastLine =>
        (Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
         ?? Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
         ?? "").Trim();
}

/// <summary>Runs external programs (here: <c>docker compose</c>); tests substitute a fake.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct);
}

/// <summary>The real runner: no shell, arguments passed as a list, program found on PATH.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessResult(127, "", $"cannot run '{program}': {e.Message} (is Docker installed and on PATH?)");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try { await process.WaitForExitAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw;
            }
            return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
