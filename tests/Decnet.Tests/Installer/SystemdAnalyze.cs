using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Decnet.Tests.Installer;

/// <summary>Debian's systemd-analyze: `verify` and the offline `security` exposure score of a unit file.</summary>
public static partial class SystemdAnalyze
{
    public const string Tool = "/usr/bin/systemd-analyze";

    public static void RequireOrSkip()
    {
        if (!File.Exists(Tool)) Skip.Test("systemd-analyze not installed (Debian package systemd)");
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SYSTEMD_COLORS"] = "0";
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>The "Overall exposure level for X: 1.4 OK" figure.</summary>
    public static async Task<double> ExposureAsync(string unitFile)
    {
        var (code, stdout, stderr) = await RunAsync("security", "--offline=true", unitFile);
        var m = ExposureLine().Match(stdout);
        if (!m.Success) throw new InvalidOperationException($"no exposure line (exit {code}):\n{stdout}\n{stderr}");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+) ")]
    private static partial Regex ExposureLine();
}
