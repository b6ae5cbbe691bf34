using Decnet.Engine.Ingest;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Decnet.Engine.Config;
using Decnet.Engine.Installer;
using Decnet.Engine.Supervisor;
using Decnet.Engine.Workers;

namespace Decnet.Commands;

/// <summary>
/// `decnet status [--json]`: version, mode, data dir, the decnet units' systemd states, what a running supervisor
/// listens on, its workers and their heartbeat ages, the database size and the GeoIP data age.
/// </summary>
public static class StatusCommand
{
    /// <summary>A worker as status shows it (from the live supervisor, or its `workers --json` over the control channel).</summary>
    private sealed record WorkerLine(string Name, string State, string Health, double? HeartbeatAgeSeconds);

    public static void Register(RootCommand root, CommandHost host)
    {
        var json = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var cmd = new Command("status", "show mode, data dir, systemd unit states, the running node, database size and GeoIP data age") { json };
        cmd.SetAction(ModeGate.AnyMode(host, async (ctx, pr, ct) =>
        {
            var s = ctx.Settings;
            var info = ctx.Supervisor?.Info ?? SupervisorInfo.TryRead(s.DataDir);
            var reachable = false;
            IReadOnlyList<WorkerLine>? workers = null;
            if (ctx.Supervisor is { } runtime)
            {
                reachable = true;
                var now = ctx.Time.GetUtcNow();
                workers = runtime.Workers.Snapshot().Select(w => Line(w, now)).ToArray();
            }
            else if (info is not null)
            {
                using var client = SupervisorClient.TryConnect(s, out _);
                reachable = client is not null && await client.PingAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                if (reachable) workers = await WorkersOverControlAsync(client!, ct).ConfigureAwait(false);
            }
            var units = await SystemdUnits.ReadAsync(new ProcessCommandRunner(), SystemdUnits.SystemdRunning, ct).ConfigureAwait(false);
            var usage = DataDirUsage.Read(s.DataDir, s.GeoipDir);
            var mode = s.Mode == DecnetMode.Agent ? "agent" : "master";
            var at = ctx.Time.GetUtcNow();
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
                    WriteUnits(w, units);
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
                    WriteWorkers(w, workers);
                    w.WriteString("database_file", usage.DatabasePath);
                    if (usage.DatabaseBytes is { } bytes) w.WriteNumber("database_bytes", bytes); else w.WriteNull("database_bytes");
                    w.WriteString("geoip_dir", usage.GeoipDir);
                    if (usage.GeoipNewest is { } g)
                    {
                        w.WriteString("geoip_data_time", IsoTimestamp.Format(g));
                        w.WriteNumber("geoip_data_age_seconds", Math.Max(0, Math.Round((at - g).TotalSeconds)));
                    }
                    else
                    {
                        w.WriteNull("geoip_data_time");
                        w.WriteNull("geoip_data_age_seconds");
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
            if (units is null) ctx.Out.WriteLine("systemd     not available");
            else
            {
                var width = units.Max(u => u.Unit.Length);
                for (var i = 0; i < units.Count; i++)
                    ctx.Out.WriteLine($"{(i == 0 ? "systemd" : ""),-12}{units[i].Unit.PadRight(width)}  {units[i].LoadState}/{units[i].ActiveState}/{units[i].SubState}");
            }
            ctx.Out.WriteLine($"database    {usage.DatabasePath} " + (usage.DatabaseBytes is { } b ? $"({Size(b)})" : "(none yet)"));
            ctx.Out.WriteLine(usage.GeoipNewest is { } newest
                ? $"geoip data  {Age(at - newest)} old (newest file {newest.UtcDateTime:yyyy-MM-dd HH:mm}Z) in {usage.GeoipDir}"
                : $"geoip data  none in {usage.GeoipDir} ('decnet geoip refresh' or 'decnet geoip import DIR')");
            if (info is null || !reachable)
            {
                ctx.Out.WriteLine("supervisor  not running" + (info is not null ? " (stale supervisor.json left by a crashed run)" : ""));
                return ExitCodes.Ok;
            }
            ctx.Out.WriteLine($"supervisor  pid {info.Pid}, up since {info.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, workers {string.Join(", ", info.Workers)}");
            if (workers is not null)
            {
                var width = workers.Count == 0 ? 0 : workers.Max(x => x.Name.Length);
                foreach (var x in workers)
                    ctx.Out.WriteLine($"  worker    {x.Name.PadRight(width)}  {x.State,-11} {x.Health,-7} heartbeat {(x.HeartbeatAgeSeconds is { } a ? Age(TimeSpan.FromSeconds(a)) + " ago" : "never")}");
            }
            ctx.Out.WriteLine($"syslog      {(info.Listeners.Count == 0 ? "(no listener)" : string.Join(", ", info.Listeners))}");
            ctx.Out.WriteLine($"bus         {info.BusPublishEndpoint ?? "(idle mode: no bus)"} (publish), {info.BusSubscribeEndpoint ?? "-"} (subscribe), CURVE-authenticated");
            ctx.Out.WriteLine($"control     {info.ControlEndpoint}");
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(cmd);
    }

    private static WorkerLine Line(WorkerStatus w, DateTimeOffset now) =>
        new(w.Name, w.State.Name(), WorkerStatus.Health(w.LastHeartbeat, now), w.LastHeartbeat is { } hb ? Math.Round((now - hb).TotalSeconds, 1) : null);

    /// <summary>The supervisor's own `workers --json`; null when it does not answer in time (status still prints the rest).</summary>
    private static async Task<IReadOnlyList<WorkerLine>?> WorkersOverControlAsync(SupervisorClient client, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var reply = await client.ExecAsync(["workers", "--json"], timeout.Token).ConfigureAwait(false);
            if (reply.ExitCode != 0) return null;
            using var doc = JsonDocument.Parse(reply.Stdout);
            return doc.RootElement.EnumerateArray().Select(e => new WorkerLine(
                e.GetProperty("name").GetString() ?? "?",
                e.GetProperty("state").GetString() ?? "?",
                e.GetProperty("health").GetString() ?? "?",
                e.GetProperty("heartbeat_age_seconds") is { ValueKind: JsonValueKind.Number } age ? age.GetDouble() : null)).ToArray();
        }
        // Whatever goes wrong asking (timeout, an older supervisor, garbage), status still prints the rest.
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static void WriteUnits(Utf8JsonWriter w, IReadOnlyList<UnitStatus>? units)
    {
        w.WriteBoolean("systemd_available", units is not null);
        if (units is null) { w.WriteNull("units"); return; }
        w.WriteStartArray("units");
        foreach (var u in units)
        {
            w.WriteStartObject();
            w.WriteString("unit", u.Unit);
            w.WriteString("load_state", u.LoadState);
            w.WriteString("active_state", u.ActiveState);
            w.WriteString("sub_state", u.SubState);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteWorkers(Utf8JsonWriter w, IReadOnlyList<WorkerLine>? workers)
    {
        if (workers is null) { w.WriteNull("worker_status"); return; }
        w.WriteStartArray("worker_status");
        foreach (var x in workers)
        {
            w.WriteStartObject();
            w.WriteString("name", x.Name);
            w.WriteString("state", x.State);
            w.WriteString("health", x.Health);
            if (x.HeartbeatAgeSeconds is { } a) w.WriteNumber("heartbeat_age_seconds", a); else w.WriteNull("heartbeat_age_seconds");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };

    private static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 0 => "0s",
        < 120 => $"{(int)age.TotalSeconds}s",
        < 7200 => $"{(int)age.TotalMinutes}m",
        < 172800 => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };
}
