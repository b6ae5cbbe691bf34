using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.GeoIp;
using Decnet.Engine.Ingest;
using Decnet.Engine.Supervisor;
using Microsoft.Extensions.Logging;

namespace Decnet.Commands;

/// <summary>`decnet geoip import|lookup|status`: offline country data from the RIRs' delegated stats.</summary>
public static class GeoipCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var group = new Command("geoip", "offline GeoIP from the five RIRs' delegated-stats files");

        var paths = new Argument<string[]>("paths") { Description = "delegated-* files, or directories holding them", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "validate and install delegated-stats files carried in by hand (air-gapped update)") { paths };
        import.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            var dir = ctx.Settings.GeoipDir;
            IReadOnlyList<ImportedFile> imported;
            try { imported = new GeoDataImporter(ctx.Logs.CreateLogger("decnet.geoip")).Import(pr.GetValue(paths)!, dir); }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return ctx.Fail(ExitCodes.Failure, $"{e.Message}; nothing changed in {dir}");
            }
            foreach (var f in imported)
            {
                if (f.Rir is { } r) ctx.Out.WriteLine($"imported {Path.GetFileName(f.Source)}: {r.Registry.Name()} {r.DataDate:yyyy-MM-dd}, {r.Kept:N0} ranges, {r.Malformed:N0} malformed rows");
                if (f.Asn is { } a) ctx.Out.WriteLine($"imported {Path.GetFileName(f.Source)}: ASN table ({a.Format}), {a.Kept:N0} ranges, {a.NotRouted:N0} not routed, {a.Malformed:N0} malformed rows");
            }
            ctx.Out.WriteLine($"geoip data in {dir}");
            await AnnounceAsync(ctx, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        group.Subcommands.Add(import);

        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for each download (default 120)", DefaultValueFactory = _ => 120 };
        timeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--timeout must be positive"); });
        var refresh = new Command("refresh", "download the five RIRs' delegated-stats files and the ASN table, then import them") { timeout };
        refresh.SetAction(ModeGate.MasterOnly(host, async (ctx, pr, ct) =>
        {
            var dir = ctx.Settings.GeoipDir;
            var urls = GeoRefresher.Urls(ctx.Settings.Get(Decnet.Engine.Config.SettingCatalog.GeoipMirror));
            IReadOnlyList<ImportedFile> imported;
            try
            {
                imported = await new GeoRefresher(ctx.Logs.CreateLogger("decnet.geoip"), TimeSpan.FromSeconds(pr.GetValue(timeout)))
                    .RefreshAsync(urls, dir, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return ctx.Fail(ExitCodes.Failure, $"refresh failed: {e.Message}; the old data in {dir} stays in use");
            }
            ctx.Out.WriteLine($"refreshed {imported.Count} file(s) into {dir}");
            await AnnounceAsync(ctx, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        group.Subcommands.Add(refresh);

        var ips = new Argument<string[]>("ips") { Description = "addresses to look up", Arity = ArgumentArity.OneOrMore };
        var lookupJson = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var lookup = new Command("lookup", "country, registry and matched range of each address") { ips, lookupJson };
        lookup.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var data = GeoData.Load(ctx.Settings.GeoipDir, ctx.Logs.CreateLogger("decnet.geoip"));
            if (data.IsEmpty) return Task.FromResult(ctx.Fail(ExitCodes.Failure, $"no GeoIP data in {ctx.Settings.GeoipDir}: import delegated-stats files with 'decnet geoip import DIR'"));
            var results = pr.GetValue(ips)!.Select(ip => new LookupRow(ip, data.Countries?.Lookup(ip.AsSpan()), data.Networks?.Lookup(ip.AsSpan()))).ToArray();
            if (pr.GetValue(lookupJson)) WriteLookupJson(ctx.Out, results);
            else
            {
                var table = new TableWriter("IP", "STATUS", "COUNTRY", "REGISTRY", "RANGE", "ASN", "ORGANISATION");
                foreach (var r in results)
                    table.Add(r.Ip, StatusName(r.Status), r.Country is { Status: GeoStatus.Found } c ? c.CountryCode : "", r.Country is { Status: GeoStatus.Found } c2 ? c2.Registry.Name() : "",
                        r.Country?.FormatRange() ?? "", r.Network is { Status: AsnStatus.Found } n ? n.Asn.ToString(CultureInfo.InvariantCulture) : "",
                        r.Network is { Status: AsnStatus.Found } n2 ? n2.Organisation : "");
                table.WriteTo(ctx.Out);
            }
            var invalid = results.Where(r => r.Status == GeoStatus.Invalid).Select(r => r.Ip).ToArray();
            return Task.FromResult(invalid.Length == 0 ? ExitCodes.Ok : ctx.Fail(ExitCodes.Usage, $"not an IP address: {string.Join(", ", invalid)}"));
        }));
        group.Subcommands.Add(lookup);

        var statusJson = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var status = new Command("status", "per source: registry, rows, data date, age, file") { statusJson };
        status.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var dir = ctx.Settings.GeoipDir;
            var enabled = ctx.Settings.GeoipEnabled;
            var data = GeoData.Load(dir, ctx.Logs.CreateLogger("decnet.geoip"));
            var now = ctx.Time.GetUtcNow();
            if (pr.GetValue(statusJson)) { WriteStatusJson(ctx.Out, enabled, dir, data, now); return Task.FromResult(ExitCodes.Ok); }
            if (data.IsEmpty)
            {
                ctx.Out.WriteLine($"geoip: no data in {dir} (enrichment {(enabled ? "on" : "off")}); import delegated-stats files with 'decnet geoip import DIR'");
                return Task.FromResult(ExitCodes.Ok);
            }
            ctx.Out.WriteLine($"geoip: enrichment {(enabled ? "on" : "off (DECNET_GEOIP_ENABLED=false)")}, data in {dir}");
            var table = new TableWriter("SOURCE", "KIND", "ROWS", "RANGES", "MALFORMED", "DATA DATE", "AGE", "FILE");
            foreach (var s in data.Countries?.Sources ?? [])
                table.Add(Path.GetFileName(s.FileName), s.Registry.Name(), N(s.Rows), N(s.Kept), N(s.Malformed),
                    s.DataDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?",
                    AgeDays(s.DataDate, now) is { } d ? $"{d}d" : "?", Path.Combine(dir, Path.GetFileName(s.FileName)));
            foreach (var s in data.Networks?.Sources ?? [])
            {
                var path = Path.Combine(dir, Path.GetFileName(s.FileName));
                var modified = File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : (DateTimeOffset?)null;
                table.Add(Path.GetFileName(s.FileName), "asn " + s.Format, N(s.Rows), N(s.Kept), N(s.Malformed),
                    modified?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?",
                    modified is { } m ? $"{(int)(now - m).TotalDays}d" : "?", path);
            }
            table.WriteTo(ctx.Out);
            return Task.FromResult(ExitCodes.Ok);
        }));
        group.Subcommands.Add(status);
        root.Subcommands.Add(group);
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Tells a running supervisor to reload; without one there is nothing to tell.</summary>
    private static async Task AnnounceAsync(CliContext ctx, CancellationToken ct)
    {
        using var client = SupervisorClient.TryConnect(ctx.Settings, out _);
        if (client is null) return;
        try
        {
            await client.PublishAsync(new BusEnvelope(EnvelopeId.New(ctx.Time), ctx.Time.GetUtcNow(), Topics.SystemGeoipUpdated, Topics.SystemGeoipUpdated,
                System.Text.Encoding.UTF8.GetBytes($"{{\"dir\":{JsonSerializer.Serialize(ctx.Settings.GeoipDir, GeoipJson.Default.String)}}}")), ct).ConfigureAwait(false);
            ctx.Out.WriteLine("the running supervisor was told to reload (system.geoip.updated)");
        }
        catch (Exception e) when (e is ControlUnavailableException or InvalidOperationException)
        {
            ctx.Err.WriteLine($"decnet: the supervisor did not take the reload notice ({e.Message}); it picks the data up on restart");
        }
    }

    private static int? AgeDays(DateOnly? date, DateTimeOffset now) =>
        date is { } d ? (int)(DateOnly.FromDateTime(now.UtcDateTime).DayNumber - d.DayNumber) : null;

    private static string StatusName(GeoStatus s) => s switch
    {
        GeoStatus.Found => "found",
        GeoStatus.NotPublic => "not_public",
        GeoStatus.Invalid => "invalid",
        _ => "not_found",
    };

    /// <summary>One looked-up address: its RIR country (null without RIR data) and its AS (null without an ASN table).</summary>
    private sealed record LookupRow(string Ip, GeoResult? Country, AsnResult? Network)
    {
        public GeoStatus Status => Country?.Status ?? Network?.Status switch
        {
            AsnStatus.Found => GeoStatus.Found,
            AsnStatus.NotPublic => GeoStatus.NotPublic,
            AsnStatus.Invalid => GeoStatus.Invalid,
            _ => GeoStatus.NotFound,
        };
    }

    private static void WriteLookupJson(TextWriter output, LookupRow[] results)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var row in results)
            {
                w.WriteStartObject();
                w.WriteString("ip", row.Ip);
                w.WriteString("status", StatusName(row.Status));
                if (row.Country is { Status: GeoStatus.Found } c) { w.WriteString("country_code", c.CountryCode); w.WriteString("registry", c.Registry.Name()); }
                else { w.WriteNull("country_code"); w.WriteNull("registry"); }
                if (row.Country is { Status: GeoStatus.Found or GeoStatus.NotPublic } r) { w.WriteString("range_start", r.FormatRangeStart()); w.WriteString("range_end", r.FormatRangeEnd()); }
                else { w.WriteNull("range_start"); w.WriteNull("range_end"); }
                if (row.Network is { Status: AsnStatus.Found } n)
                {
                    w.WriteNumber("asn", n.Asn);
                    w.WriteString("as_name", n.Organisation);
                    w.WriteString("network", n.FormatRange());
                }
                else { w.WriteNull("asn"); w.WriteNull("as_name"); w.WriteNull("network"); }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteStatusJson(TextWriter output, bool enabled, string dir, GeoData data, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("enabled", enabled);
            w.WriteString("dir", dir);
            w.WriteStartArray("sources");
            foreach (var s in data.Countries?.Sources ?? [])
            {
                w.WriteStartObject();
                w.WriteString("file", Path.Combine(dir, Path.GetFileName(s.FileName)));
                w.WriteString("registry", s.Registry.Name());
                w.WriteNumber("rows", s.Rows);
                w.WriteNumber("ranges", s.Kept);
                w.WriteNumber("malformed", s.Malformed);
                if (s.DataDate is { } d) { w.WriteString("data_date", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); w.WriteNumber("age_days", AgeDays(d, now)!.Value); }
                else { w.WriteNull("data_date"); w.WriteNull("age_days"); }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("asn_sources");
            foreach (var s in data.Networks?.Sources ?? [])
            {
                w.WriteStartObject();
                w.WriteString("file", Path.Combine(dir, Path.GetFileName(s.FileName)));
                w.WriteString("format", s.Format);
                w.WriteNumber("rows", s.Rows);
                w.WriteNumber("ranges", s.Kept);
                w.WriteNumber("not_routed", s.NotRouted);
                w.WriteNumber("malformed", s.Malformed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class GeoipJson : System.Text.Json.Serialization.JsonSerializerContext;
