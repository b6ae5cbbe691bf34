using System.CommandLine;
using System.Globalization;
using System.Net;
using Decnet.Engine.Clustering;
using Decnet.Engine.Profiler;
using Decnet.Storage;

namespace Decnet.Commands;

/// <summary>`decnet attackers list|show`: the attacker profiles, one per source IP.</summary>
public static class AttackersCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var group = new Command("attackers", "attacker profiles (one per source IP)");

        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var sort = new Option<string>("--sort") { Description = "last-seen (default) or events", DefaultValueFactory = _ => "last-seen" };
        sort.AcceptOnlyFromAmong("last-seen", "events");
        var limit = new Option<int>("--limit") { Description = "at most N attackers (default 100; 0 = all)", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--limit must be 0 or more"); });
        var country = new Option<string?>("--country") { Description = "only attackers registered in this country (ISO 3166 code, e.g. CN)" };
        country.Validators.Add(r => { var v = r.GetValueOrDefault<string?>(); if (v is not null && (v.Length != 2 || !v.All(char.IsAsciiLetter))) r.AddError($"--country: '{v}' is not a two-letter country code"); });
        var asn = new Option<uint?>("--asn") { Description = "only attackers announced by this AS number" };
        var list = new Command("list", "list attackers") { json, sort, limit, country, asn };
        list.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "attackers list", store =>
        {
            var order = pr.GetValue(sort) == "events" ? AttackerSort.Events : AttackerSort.LastSeen;
            var n = pr.GetValue(limit);
            var filter = new AttackerFilter(pr.GetValue(country), pr.GetValue(asn));
            var attackers = filter is { Country: null, Asn: null }
                ? store.Attackers.List(order, n == 0 ? int.MaxValue : n)
                : store.Attackers.List(order, n == 0 ? int.MaxValue : n, filter);
            if (pr.GetValue(json)) AttackerJson.WriteList(ctx.Out, attackers, clusters: ClusterLookup.For(store));
            else WriteTable(ctx.Out, attackers);
            return ExitCodes.Ok;
        }, ct)));
        group.Subcommands.Add(list);

        var showJson = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var ip = new Argument<string>("ip") { Description = "the attacker's source IP" };
        var show = new Command("show", "show one attacker's profile") { ip, showJson };
        show.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) =>
        {
            var text = pr.GetValue(ip)!;
            if (!IPAddress.TryParse(text, out var address))
                return Task.FromResult(ctx.Fail(ExitCodes.Usage, $"'{text}' is not an IP address"));
            var canonical = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
            return StoreAccess.RunAsync(ctx, host, "attackers show", store =>
            {
                var profile = store.Attackers.Get(canonical);
                if (profile is null) return ctx.Fail(ExitCodes.Failure, $"no attacker with ip {canonical} in {ctx.Settings.DataDir}");
                if (pr.GetValue(showJson)) AttackerJson.WriteOne(ctx.Out, profile, clusters: ClusterLookup.For(store));
                else WriteDetail(ctx.Out, profile);
                return ExitCodes.Ok;
            }, ct);
        }));
        group.Subcommands.Add(show);

        var statsJson = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var by = new Option<string>("--by") { Description = "country or asn", Required = true };
        by.AcceptOnlyFromAmong("country", "asn");
        var stats = new Command("stats", "attackers and events per country or per AS") { by, statsJson };
        stats.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, "attackers stats", store =>
        {
            var grouping = pr.GetValue(by) == "asn" ? AttackerGrouping.Asn : AttackerGrouping.Country;
            var rows = store.Attackers.CountBy(grouping);
            if (pr.GetValue(statsJson)) WriteStatsJson(ctx.Out, rows, grouping);
            else
            {
                var table = grouping == AttackerGrouping.Asn ? new TableWriter("ASN", "ATTACKERS", "EVENTS", "AS NAME") : new TableWriter("COUNTRY", "ATTACKERS", "EVENTS");
                foreach (var r in rows)
                {
                    var key = r.Key.Length == 0 ? "(unknown)" : r.Key;
                    if (grouping == AttackerGrouping.Asn) table.Add(key, Count(r.Attackers), Count(r.Events), r.Label ?? "");
                    else table.Add(key, Count(r.Attackers), Count(r.Events));
                }
                table.WriteTo(ctx.Out);
            }
            return ExitCodes.Ok;
        }, ct)));
        group.Subcommands.Add(stats);
        root.Subcommands.Add(group);
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static void WriteStatsJson(TextWriter output, IReadOnlyList<AttackerGroupCount> rows, AttackerGrouping grouping)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var r in rows)
            {
                w.WriteStartObject();
                if (grouping == AttackerGrouping.Country)
                {
                    if (r.Key.Length == 0) w.WriteNull("country_code"); else w.WriteString("country_code", r.Key);
                }
                else
                {
                    if (r.Key.Length == 0) w.WriteNull("asn"); else w.WriteNumber("asn", long.Parse(r.Key, CultureInfo.InvariantCulture));
                    if (r.Label is null) w.WriteNull("as_name"); else w.WriteString("as_name", r.Label);
                }
                w.WriteNumber("attackers", r.Attackers);
                w.WriteNumber("events", r.Events);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteTable(TextWriter output, IReadOnlyList<AttackerProfile> attackers)
    {
        var table = new TableWriter("IP", "FIRST SEEN", "LAST SEEN", "EVENTS", "SESSIONS", "LOGINS", "CREDS", "SENSORS");
        foreach (var a in attackers)
            table.Add(a.Ip, Time(a.FirstSeen), Time(a.LastSeen), a.EventCount.ToString(CultureInfo.InvariantCulture),
                a.SessionCount.ToString(CultureInfo.InvariantCulture), a.SuccessfulLogins.Count.ToString(CultureInfo.InvariantCulture),
                a.Credentials.Count.ToString(CultureInfo.InvariantCulture), string.Join(",", a.Sensors));
        table.WriteTo(output);
        if (attackers.Count == 0) output.WriteLine("(no attackers yet: feed events with 'decnet ingest' or the syslog listener)");
    }

    private static void WriteDetail(TextWriter o, AttackerProfile a)
    {
        o.WriteLine($"ip            {a.Ip}");
        o.WriteLine($"first seen    {Time(a.FirstSeen)}");
        o.WriteLine($"last seen     {Time(a.LastSeen)}");
        o.WriteLine($"events        {a.EventCount}");
        o.WriteLine($"sessions      {a.SessionCount}");
        o.WriteLine($"sensors       {string.Join(", ", a.Sensors)}");
        o.WriteLine($"services      {string.Join(", ", a.Services)}");
        o.WriteLine($"ssh versions  {string.Join(", ", a.SshVersions.Select(v => v.Value))}");
        o.WriteLine($"hassh         {string.Join(", ", a.Hassh.Select(v => v.Value))}");
        if (a.Ja3.Count > 0) o.WriteLine($"ja3           {string.Join(", ", a.Ja3.Select(v => v.Value))}");
        if (a.UserAgents.Count > 0) o.WriteLine($"user agents   {string.Join(", ", a.UserAgents.Select(v => v.Value))}");
        o.WriteLine($"credentials   {a.Credentials.Count} distinct (in the order tried):");
        foreach (var c in a.Credentials.Take(20)) o.WriteLine($"  {c.Username}:{c.Password}  x{c.Count}");
        if (a.Credentials.Count > 20) o.WriteLine($"  ... {a.Credentials.Count - 20} more (--json shows all)");
        o.WriteLine($"logins ok     {string.Join(", ", a.SuccessfulLogins.Select(c => c.Username + ":" + c.Password))}");
        o.WriteLine($"commands      {a.Commands.Count} distinct:");
        foreach (var c in a.Commands.Take(20)) o.WriteLine($"  {c.Normalised}  x{c.Count}");
        o.WriteLine($"downloads     {a.Downloads.Count}:");
        foreach (var d in a.Downloads) o.WriteLine($"  {d.Url} {d.Sha256}");
        if (a.DirectTcpipTargets.Count > 0) o.WriteLine($"tcpip targets {string.Join(", ", a.DirectTcpipTargets.Select(v => v.Value))}");
    }
}
