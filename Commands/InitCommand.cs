using System.CommandLine;
using Decnet.Engine.Installer;

namespace Decnet.Commands;

/// <summary>`decnet init`: plan, then install decnet as hardened systemd units (or `--deinit` them); see Engine/Installer.</summary>
public static class InitCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "print the plan and change nothing (no root needed)" };
        var verbose = new Option<bool>("--verbose") { Description = "with --dry-run: also print every file's exact content" };
        var user = new Option<string>("--user") { Description = "service user (created as a system user when absent)", DefaultValueFactory = _ => "decnet" };
        var group = new Option<string>("--group") { Description = "service group; its members may start/stop decnet units", DefaultValueFactory = _ => "decnet" };
        var installBinary = new Option<string?>("--install-binary") { Description = "copy this binary to PATH (atomic replace) and point the units at it", HelpName = "PATH" };
        var force = new Option<bool>("--force") { Description = "rewrite the unit, polkit, tmpfiles and logrotate files even when unchanged" };
        var noStart = new Option<bool>("--no-start") { Description = "install and daemon-reload, but do not enable --now decnet.target" };
        var deinit = new Option<bool>("--deinit") { Description = "stop, disable and remove the units (keeps data, config and the user)" };
        var purge = new Option<bool>("--purge") { Description = "with --deinit: also remove data, logs, config, the user and the group" };
        var rootDir = new Option<string?>("--root") { Description = "write everything below DIR and record the commands in DIR/decnet-init.commands instead of running them", HelpName = "DIR" };
        var cmd = new Command("init", "install this binary as hardened systemd units (idempotent); --deinit undoes it")
        {
            dryRun, verbose, user, group, installBinary, force, noStart, deinit, purge, rootDir,
        };
        cmd.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            var isDryRun = pr.GetValue(dryRun);
            var root = pr.GetValue(rootDir);
            var binary = pr.GetValue(installBinary);
            if (pr.GetValue(purge) && !pr.GetValue(deinit)) return ctx.Fail(ExitCodes.Usage, "--purge only goes with --deinit");
            if (binary is not null && !Path.IsPathFullyQualified(binary)) return ctx.Fail(ExitCodes.Usage, $"--install-binary {binary}: expected an absolute path");
            if (!isDryRun && root is null && !host.IsRoot())
                return ctx.Fail(ExitCodes.Refused, "init changes the system and must run as root (sudo decnet init); --dry-run shows the plan, --root DIR builds an image tree");
            var running = Environment.ProcessPath ?? throw new InvalidOperationException("cannot resolve the running binary (/proc/self/exe)");
            var options = new InstallOptions(running, pr.GetValue(user)!, pr.GetValue(group)!, binary,
                pr.GetValue(force), pr.GetValue(noStart), pr.GetValue(deinit), pr.GetValue(purge));
            RecordingCommandRunner? recorder = null;
            var installHost = root is null ? InstallHost.Live() : InstallHost.UnderRoot(root, out recorder);
            var run = await InstallRun.PlanAsync(new InstallLayout(), installHost, options, ct).ConfigureAwait(false);

            foreach (var warning in run.Warnings) ctx.Err.WriteLine("decnet: warning: " + warning);
            if (isDryRun)
            {
                ctx.Out.WriteLine($"decnet init{(options.Deinit ? " --deinit" : "")}: dry run, nothing changed; {run.Steps.Count(s => s.Needed)} of {run.Steps.Count} steps to do");
                ctx.Out.Write(InstallPlanner.Describe(run.Steps, pr.GetValue(verbose)));
                return ExitCodes.Ok;
            }
            var results = await run.ExecuteAsync(r => ctx.Out.WriteLine(r.Line), ct).ConfigureAwait(false);
            if (recorder?.LogPath is { } log) ctx.Out.WriteLine($"commands recorded in {log} (not run: --root)");
            var failed = results.FirstOrDefault(r => r.Status == StepStatus.Fail);
            if (failed is not null) return ctx.Fail(ExitCodes.Failure, $"init failed at step '{failed.Name}': {failed.Reason}");
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(cmd);
    }
}
