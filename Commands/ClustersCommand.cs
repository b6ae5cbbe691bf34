using System.CommandLine;
using System.Globalization;
using Decnet.Engine.Clustering;

namespace Decnet.Commands;

/// <summary>`decnet identities list|show ID` and `decnet campaigns list|show ID`: clustering results, with the evidence that joined them.</summary>
public static class ClustersCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        root.Subcommands.Add(Build(host, campaign: false));
        root.Subcommands.Add(Build(host, campaign: true));
    }

    private static Command Build(CommandHost host, bool campaign)
    {
        var noun = campaign ? "campaigns" : "identities";
        var group = new Command(noun, campaign ? "campaigns: identities that work together" : "identities: attacker IPs run by one operator");

        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var limit = new Option<int>("--limit") { Description = "at most N, largest first (default 100; 0 = all)", DefaultValueFactory = _ => 100 };
        var minSize = new Option<int>("--min-size") { Description = campaign ? "only campaigns of at least N identities (default 1)" : "only identities of at least N IPs (default 1)", DefaultValueFactory = _ => 1 };
        var list = new Command("list", "list " + noun + ", largest first") { json, limit, minSize };
        list.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, noun + " list", store =>
        {
            var views = new ClusterViews(store);
            var n = pr.GetValue(limit);
            var rows = (campaign ? views.Campaigns() : views.Identities())
                .Where(v => v.Members.Count >= pr.GetValue(minSize))
                .OrderByDescending(v => v.Members.Count).ThenByDescending(v => v.Ips.Count).ThenBy(v => v.Id.Length).ThenBy(v => v.Id, StringComparer.Ordinal)
                .Take(n == 0 ? int.MaxValue : n).ToList();
            if (pr.GetValue(json)) ClusterJson.WriteList(ctx.Out, rows, campaign);
            else
            {
                var table = campaign
                    ? new TableWriter("CAMPAIGN", "IDENTITIES", "IPS", "FIRST SEEN", "LAST SEEN", "COUNTRIES", "STRONGEST EVIDENCE")
                    : new TableWriter("IDENTITY", "IPS", "FIRST SEEN", "LAST SEEN", "COUNTRIES", "CAMPAIGN", "STRONGEST EVIDENCE");
                foreach (var v in rows)
                {
                    var top = v.Evidence.Count > 0 ? string.Join(", ", v.Evidence[0].Items.Take(2).Select(i => $"{i.Kind.Name()}={Short(i.Value)}")) : "";
                    if (campaign) table.Add(v.Id, N(v.Members.Count), N(v.Ips.Count), Time(v.FirstSeen), Time(v.LastSeen), string.Join(",", v.Countries), top);
                    else table.Add(v.Id, N(v.Ips.Count), Time(v.FirstSeen), Time(v.LastSeen), string.Join(",", v.Countries), v.CampaignId ?? "", top);
                }
                table.WriteTo(ctx.Out);
                if (rows.Count == 0) ctx.Out.WriteLine($"(no {noun} yet: run 'decnet {(campaign ? "campaign-clusterer" : "clusterer")} --once' or 'decnet supervise')");
            }
            return ExitCodes.Ok;
        }, ct)));
        group.Subcommands.Add(list);

        var showJson = new Option<bool>("--json") { Description = "one JSON object on stdout" };
        var id = new Argument<string>("id") { Description = campaign ? "a campaign id (C-…)" : "an identity id (I-…)" };
        var show = new Command("show", "members, activity, and why they were joined (top evidence per link)") { id, showJson };
        show.SetAction(ModeGate.MasterOnly(host, (ctx, pr, ct) => StoreAccess.RunAsync(ctx, host, noun + " show", store =>
        {
            var views = new ClusterViews(store);
            var requested = pr.GetValue(id)!;
            var view = campaign ? views.Campaign(requested) : views.Identity(requested);
            if (view is null) return ctx.Fail(ExitCodes.Failure, $"no {(campaign ? "campaign" : "identity")} '{requested}' in {ctx.Settings.DataDir}");
            if (pr.GetValue(showJson)) ClusterJson.WriteOne(ctx.Out, view, campaign);
            else WriteDetail(ctx.Out, view, campaign);
            return ExitCodes.Ok;
        }, ct)));
        group.Subcommands.Add(show);
        return group;
    }

    private static void WriteDetail(TextWriter o, ClusterView v, bool campaign)
    {
        if (v.RequestedId is { } r) o.WriteLine($"{r} was merged into {v.Id} (the older id wins); showing {v.Id}");
        o.WriteLine($"{(campaign ? "campaign " : "identity ")}   {v.Id}");
        if (campaign) o.WriteLine($"identities  {v.Members.Count}: {string.Join(", ", v.Members.Take(30))}{(v.Members.Count > 30 ? ", …" : "")}");
        o.WriteLine($"ips         {v.Ips.Count}: {string.Join(", ", v.Ips.Take(30))}{(v.Ips.Count > 30 ? ", … (--json lists all)" : "")}");
        o.WriteLine($"first seen  {Time(v.FirstSeen)}");
        o.WriteLine($"last seen   {Time(v.LastSeen)}");
        o.WriteLine($"countries   {string.Join(", ", v.Countries)}");
        o.WriteLine($"asns        {string.Join(", ", v.Asns)}");
        if (!campaign) o.WriteLine($"campaign    {v.CampaignId ?? "(none)"}");
        if (v.MergedIds.Count > 0) o.WriteLine($"merged ids  {string.Join(", ", v.MergedIds)}");
        o.WriteLine($"links       {v.Evidence.Count} strongest (score = sum of kind weight × rarity; threshold {(campaign ? LinkWeights.CampaignThreshold : LinkWeights.IdentityThreshold).ToString(CultureInfo.InvariantCulture)}):");
        foreach (var e in v.Evidence)
        {
            o.WriteLine($"  {e.A} — {e.B}  score {e.Score.ToString("0.00", CultureInfo.InvariantCulture)}");
            foreach (var i in e.Items) o.WriteLine($"      {i.Weight.ToString("0.00", CultureInfo.InvariantCulture)}  {i.Kind.Name(),-15} {Short(i.Value, 80)}");
        }
        if (v.Evidence.Count == 0) o.WriteLine(campaign ? "  (one identity: nothing joined it to another)" : "  (one IP: nothing joined it to another)");
    }

    private static string Short(string s, int max = 32) => s.Length <= max ? s : s[..(max - 1)] + "…";
    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Time(DateTimeOffset? t) => t is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
