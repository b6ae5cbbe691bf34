namespace Decnet.Engine.Simulation;

/// <summary>
/// The named scenarios of <c>decnet simulate</c>. Each plans its structured part (operators and campaigns) inside an IP
/// budget, then fills the rest of <c>--attackers</c> with internet noise. Larger budgets plan more units of the same
/// shape (more campaigns), never bigger identities: real operators hold tens of IPs, not thousands.
/// </summary>
public static class Scenarios
{
    public const string SharedWordlist = "shared-wordlist";
    public const string VpnHopping = "vpn-hopping";
    public const string LoneWolf = "lone-wolf";
    public const string PausedCampaign = "paused-campaign";
    public const string MultiOperator = "multi-operator";
    public const string NoiseFloor = "noise-floor";
    public const string SlowBurn = "slow-burn";
    public const string Botnet = "botnet";
    public const string Mixed = "mixed";

    public static readonly string[] Names = [Mixed, SharedWordlist, VpnHopping, LoneWolf, PausedCampaign, MultiOperator, NoiseFloor, SlowBurn, Botnet];

    /// <summary>Default simulated period; slow-burn (alone or in mixed) spans 90 days.</summary>
    public const int Days = 14;
    public const int SlowBurnDays = 90;

    /// <summary>A fixed default start, so output does not depend on when it is generated.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static bool IsKnown(string name) => Array.IndexOf(Names, name) >= 0;

    /// <summary>Plans <paramref name="attackers"/> IPs of scenario <paramref name="name"/>; same random state ⇒ same population.</summary>
    public static SimulatedPopulation Generate(string name, int attackers, DateTimeOffset start, Random random)
    {
        if (!IsKnown(name)) throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})", nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegative(attackers);
        var b = new PopulationBuilder(random, start, attackers);
        var n = attackers;
        var days = Days;
        switch (name)
        {
            case SharedWordlist: PlanSharedWordlist(b, Share(n, 0.35)); break;
            case VpnHopping: PlanVpnHopping(b, Share(n, 0.15)); break;
            case LoneWolf: PlanLoneWolf(b, Share(n, 0.02)); break;
            case PausedCampaign: PlanPausedCampaign(b, Share(n, 0.25)); break;
            case MultiOperator: PlanMultiOperator(b, Share(n, 0.25)); break;
            case NoiseFloor: PlanNoiseFloor(b, n); break;
            case SlowBurn: PlanSlowBurn(b, Share(n, 0.2)); days = SlowBurnDays; break;
            case Botnet: PlanBotnet(b, n); break;
            default:
                PlanSharedWordlist(b, Share(n, 0.12));
                PlanVpnHopping(b, Share(n, 0.08));
                PlanLoneWolf(b, Share(n, 0.02));
                PlanPausedCampaign(b, Share(n, 0.08));
                PlanMultiOperator(b, Share(n, 0.08));
                PlanSlowBurn(b, Share(n, 0.06));
                PlanBotnet(b, Share(n, 0.3));
                PlanNoiseFloor(b, Share(n, 0.1));
                days = SlowBurnDays;
                break;
        }
        b.AddNoise(b.Remaining, b.Day(0), b.Day(days));
        return b.Build(name, b.Day(days));
    }

    private static int Share(int n, double fraction) => (int)Math.Round(n * fraction);

    private static int Units(int budget, int unitIps) => Math.Max(1, budget / unitIps);

    /// <summary>Two campaigns per unit running the same public list in its published order; only their own tools,
    /// private entries and infrastructure tell them apart (must not merge).</summary>
    private static void PlanSharedWordlist(PopulationBuilder b, int budget)
    {
        var units = Units(budget, 60);
        var perOp = Math.Clamp(budget / units / 4, 2, 20);
        for (var u = 0; u < units && b.Remaining > 0; u++)
        {
            var list = Wordlists.Draw(b.Random);
            var style = new OperatorStyle { PublicList = list, KeepPublicOrder = true, PublicCount = 40, PrivateCount = 4, CredentialsPerSession = (20, 44) };
            for (var c = 0; c < 2; c++)
                PlanCampaign(b, style, operators: 2, perOp, b.Day(0), b.Day(10), IpRotation.Servers);
        }
    }

    /// <summary>One operator hopping over VPN exits in different provider networks (must merge into one identity).</summary>
    private static void PlanVpnHopping(PopulationBuilder b, int budget)
    {
        var units = Units(budget, 60);
        var ips = Math.Clamp(budget / units, 6, 60);
        for (var u = 0; u < units && b.Remaining > 0; u++)
        {
            var start = b.Random.NextDouble() * 6;
            PlanCampaign(b, new OperatorStyle { SessionsPerIp = (1, 2) }, operators: 1, ips, b.Day(start), b.Day(start + 5), IpRotation.Hopping);
        }
    }

    /// <summary>A single operator among noise: the only multi-IP identity.</summary>
    private static void PlanLoneWolf(PopulationBuilder b, int budget)
    {
        var units = Units(budget, 12);
        var ips = Math.Clamp(budget / units, 3, 12);
        for (var u = 0; u < units && b.Remaining > 0; u++)
            PlanCampaign(b, new OperatorStyle(), operators: 1, ips, b.Day(0), b.Day(Days), IpRotation.Servers);
    }

    /// <summary>A two-operator campaign active days 0–3, silent four and a half days, active again days 7.5–11 from new
    /// servers (must stay one campaign, and each operator one identity).</summary>
    private static void PlanPausedCampaign(PopulationBuilder b, int budget)
    {
        var units = Units(budget, 40);
        var perOp = Math.Clamp(budget / units / 2, 4, 20);
        for (var u = 0; u < units && b.Remaining > 0; u++)
        {
            var campaign = b.NewCampaign();
            var payloads = b.NewInfrastructure();
            var sensors = Deckies.Pick(b.Random, 2, 5);
            var style = new OperatorStyle();
            for (var o = 0; o < 2; o++)
            {
                var kit = b.NewOperator(style, payloads, sensors);
                var id = b.NewOperatorId();
                var early = perOp / 2;
                b.AddOperatorIps(id, campaign, kit, style, early, b.Day(0), b.Day(3), IpRotation.Servers);
                b.AddOperatorIps(id, campaign, kit, style, perOp - early, b.Day(7.5), b.Day(11), IpRotation.Servers);
            }
        }
    }

    /// <summary>Two operators (different tools and lists) in one campaign: shared payloads, the same deckies,
    /// overlapping activity (2 identities, 1 campaign).</summary>
    private static void PlanMultiOperator(PopulationBuilder b, int budget)
    {
        var units = Units(budget, 40);
        var perOp = Math.Clamp(budget / units / 2, 2, 20);
        for (var u = 0; u < units && b.Remaining > 0; u++)
        {
            var campaign = b.NewCampaign();
            var payloads = b.NewInfrastructure();
            var sensors = Deckies.Pick(b.Random, 2, 4);
            var style = new OperatorStyle();
            // The second operator takes over before the first stops: overlapping windows on the same deckies.
            var first = b.NewOperator(style, payloads, sensors);
            b.AddOperatorIps(b.NewOperatorId(), campaign, first, style, perOp, b.Day(0), b.Day(4), IpRotation.Servers);
            var second = b.NewOperator(style with { Client = b.Random.Next(3) == 0 ? ClientCatalog.CommonBot : null }, payloads, sensors);
            b.AddOperatorIps(b.NewOperatorId(), campaign, second, style, perOp, b.Day(3.5), b.Day(8), IpRotation.Servers);
        }
    }

    /// <summary>Almost only singletons: one small operator (2–4 IPs, its own campaign) per 200 IPs.</summary>
    private static void PlanNoiseFloor(PopulationBuilder b, int budget)
    {
        var operators = Math.Max(1, budget / 200);
        for (var o = 0; o < operators && b.Remaining > 0; o++)
            PlanCampaign(b, new OperatorStyle(), operators: 1, b.Random.Next(2, 5), b.Day(0), b.Day(Days), IpRotation.Servers);
    }

    /// <summary>A low-and-slow campaign over 90 days: few attempts per session, sessions days apart.</summary>
    private static void PlanSlowBurn(PopulationBuilder b, int budget)
    {
        var units = Units(budget, 30);
        var perOp = Math.Clamp(budget / units / 2, 3, 15);
        var style = new OperatorStyle { SessionsPerIp = (2, 6), CredentialsPerSession = (3, 8) };
        for (var u = 0; u < units && b.Remaining > 0; u++)
            PlanCampaign(b, style, operators: 2, perOp, b.Day(0), b.Day(SlowBurnDays), IpRotation.Servers);
    }

    /// <summary>Unrelated bots of one family (the common HASSH, the Mirai list from the top): each its own identity,
    /// must not collapse; plus operators that run the same common stack but their own lists (must still link).</summary>
    private static void PlanBotnet(PopulationBuilder b, int budget)
    {
        var operatorIps = Math.Max(4, budget * 6 / 100);
        b.AddBots(budget * 85 / 100, b.Day(0), b.Day(Days));
        var units = Units(operatorIps, 20);
        var ips = Math.Clamp(operatorIps / units / 2, 2, 10);
        var style = new OperatorStyle { Client = ClientCatalog.CommonBot, PublicList = Wordlists.Mirai };
        for (var u = 0; u < units * 2 && b.Remaining > 0; u++)
            PlanCampaign(b, style, operators: 1, ips, b.Day(0), b.Day(Days), IpRotation.Servers);
    }

    private static void PlanCampaign(PopulationBuilder b, OperatorStyle style, int operators, int ipsPerOperator,
        DateTimeOffset from, DateTimeOffset to, IpRotation rotation)
    {
        var campaign = b.NewCampaign();
        var payloads = b.NewInfrastructure();
        var sensors = Deckies.Pick(b.Random, 2, 5);
        for (var o = 0; o < operators && b.Remaining > 0; o++)
        {
            var kit = b.NewOperator(style, payloads, sensors);
            b.AddOperatorIps(b.NewOperatorId(), campaign, kit, style, ipsPerOperator, from, to, rotation);
        }
    }
}
