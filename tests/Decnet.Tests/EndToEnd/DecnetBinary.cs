using System.Diagnostics;
using System.Text;

namespace Decnet.Tests.EndToEnd;

/// <summary>Result of one run of the published binary.</summary>
public sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Drives the published native-AOT binary ($DECNET_BIN, set by `make test`). The trimmer breaks reflection the JIT
/// forgives, so these tests run the real file.
/// </summary>
public static class DecnetBinary
{
    public static string? Path
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("DECNET_BIN");
            if (!string.IsNullOrEmpty(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Decnet.csproj")))
                {
                    var p = System.IO.Path.Combine(dir.FullName, "out", "decnet");
                    return File.Exists(p) ? p : null;
                }
            return null;
        }
    }

    /// <summary>The binary, or skip the test when it was not published (`make test` always publishes it first).</summary>
    public static string Require()
    {
        var p = Path;
        if (p is null || !File.Exists(p))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DECNET_BIN")))
                throw new FileNotFoundException($"DECNET_BIN={p} does not exist");
            Skip.Test("published binary not found: run 'make test' (it publishes out/decnet first)");
        }
        return p!;
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Tests never read the host's /etc/decnet config, and run as master unless they say otherwise.
        psi.Environment.Remove("DECNET_CONFIG");
        psi.Environment.Remove("DECNET_MODE");
        psi.Environment.Remove("DECNET_DATA_DIR");
        if (env is not null)
            foreach (var (k, v) in env)
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        return psi;
    }

    public static async Task<RunResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        string? stdin = null, TimeSpan? timeout = null)
    {
        using var p = Process.Start(StartInfo(args, env))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"decnet {string.Join(' ', args)} did not finish in time");
        }
        return new RunResult(p.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A throwaway data dir per test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "decnet-test-" + Guid.NewGuid().ToString("n")[..12]);

    public TempDir() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A long-running `decnet supervise` for a test, stopped with SIGTERM.</summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public RunningProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        _process = Process.Start(DecnetBinary.StartInfo(args, env))!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(text) || Stderr.Contains(text)) return;
            if (_process.HasExited) throw new InvalidOperationException($"process exited ({_process.ExitCode}) before printing '{text}'\n{Stdout}\n{Stderr}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"no '{text}' within {timeout}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>SIGTERM, then the exit code and how long it took to stop.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        if (!_process.HasExited) PosixKill(_process.Id, 15);
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"did not stop within {timeout} after SIGTERM\n{Stdout}\n{Stderr}");
        }
        return (_process.ExitCode, sw.Elapsed);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int PosixKill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { await TerminateAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        }
        _process.Dispose();
    }
}
