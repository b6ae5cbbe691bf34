using Decnet.Engine.Ingest;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Decnet.Engine.Config;
using Decnet.Engine.Supervisor;

namespace Decnet.Commands;

/// <summary>`decnet status [--json]`: version, mode, data dir, and what a running supervisor listens on.</summary>
public static class StatusCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var json = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var cmd = new Command("status", "show mode, data dir, supervisor, syslog and bus endpoints") { json };
        cmd.SetAction(ModeGate.AnyMode(host, async (ctx, pr, ct) =>
        {
            var s = ctx.Settings;
            var info = ctx.Supervisor?.Info ?? SupervisorInfo.TryRead(s.DataDir);
            var reachable = false;
            if (ctx.Supervisor is not null) reachable = true;
            else if (info is not null)
            {
                using var client = SupervisorClient.TryConnect(s, out _);
                reachable = client is not null && await client.PingAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
            var mode = s.Mode == DecnetMode.Agent ? "agent" : "master";
            if (pr.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    w.WriteString("version", VersionCommand.Version);
                    w.WriteString("commit", VersionCommand.Commit);
                    w.WriteString("mode", mode);
                    w.WriteString("mode_source", s.SourceOf(SettingCatalog.Mode));
                    w.WriteString("data_dir", s.DataDir);
                    if (s.ConfigPath is null) w.WriteNull("config_file"); else w.WriteString("config_file", s.ConfigPath);
                    w.WriteBoolean("supervisor_running", reachable);
                    if (info is not null && reachable)
                    {
                        w.WriteNumber("supervisor_pid", info.Pid);
                        w.WriteString("supervisor_started", IsoTimestamp.Format(info.Started));
                        w.WriteStartArray("listeners"); foreach (var l in info.Listeners) w.WriteStringValue(l); w.WriteEndArray();
                        w.WriteStartArray("workers"); foreach (var l in info.Workers) w.WriteStringValue(l); w.WriteEndArray();
                        if (info.BusPublishEndpoint is null) w.WriteNull("bus_publish_endpoint"); else w.WriteString("bus_publish_endpoint", info.BusPublishEndpoint);
                        if (info.BusSubscribeEndpoint is null) w.WriteNull("bus_subscribe_endpoint"); else w.WriteString("bus_subscribe_endpoint", info.BusSubscribeEndpoint);
                        w.WriteString("control_endpoint", info.ControlEndpoint);
                    }
                    w.WriteEndObject();
                }
                ctx.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return ExitCodes.Ok;
            }
            ctx.Out.WriteLine($"decnet      {VersionCommand.Version} (commit {VersionCommand.Commit})");
            ctx.Out.WriteLine($"mode        {mode} (from {s.SourceOf(SettingCatalog.Mode)})");
            ctx.Out.WriteLine($"data dir    {s.DataDir}");
            ctx.Out.WriteLine($"config      {s.ConfigPath ?? "(none; built-in defaults and environment)"}");
            if (info is null || !reachable)
            {
                ctx.Out.WriteLine("supervisor  not running" + (info is not null ? " (stale supervisor.json left by a crashed run)" : ""));
                return ExitCodes.Ok;
            }
            ctx.Out.WriteLine($"supervisor  pid {info.Pid}, up since {info.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, workers {string.Join(", ", info.Workers)}");
            ctx.Out.WriteLine($"syslog      {(info.Listeners.Count == 0 ? "(no listener)" : string.Join(", ", info.Listeners))}");
            ctx.Out.WriteLine($"bus         {info.BusPublishEndpoint ?? "(idle mode: no bus)"} (publish), {info.BusSubscribeEndpoint ?? "-"} (subscribe), CURVE-authenticated");
            ctx.Out.WriteLine($"control     {info.ControlEndpoint}");
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(cmd);
    }
}
