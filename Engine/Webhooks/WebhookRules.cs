using System.Globalization;
using System.Security.Cryptography;
using Decnet.Bus;

namespace Decnet.Engine.Webhooks;

/// <summary>What a subscription may look like: its name, patterns and rate.</summary>
public static class WebhookRules
{
    public const int MaxNameLength = 64;

    public static string NewId() => "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static bool IsValidName(string name, out string error)
    {
        error = "";
        if (name.Length is 0 or > MaxNameLength) { error = $"--name must be 1 to {MaxNameLength} characters"; return false; }
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            { error = $"--name '{name}': only letters, digits, '-', '_' and '.' are allowed"; return false; }
        if (name.StartsWith("wh_", StringComparison.Ordinal)) { error = $"--name '{name}': the prefix wh_ is reserved for ids"; return false; }
        return true;
    }

    public static bool TryValidatePatterns(IReadOnlyList<string> patterns, out string[] normalised, out string error)
    {
        normalised = patterns.Distinct(StringComparer.Ordinal).ToArray();
        error = "";
        if (normalised.Length == 0) { error = "at least one --pattern is required (e.g. campaign.> or identity.formed)"; return false; }
        foreach (var p in normalised)
            if (!TopicPattern.TryParse(p, out _, out var why)) { error = "--pattern: " + why; return false; }
        return true;
    }

    /// <summary>"20", "20/s" or "0.5/s": deliveries per second.</summary>
    public static bool TryParseRate(string text, out double perSecond, out string error)
    {
        error = "";
        var t = text.Trim();
        if (t.EndsWith("/s", StringComparison.Ordinal)) t = t[..^2];
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out perSecond) || !(perSecond > 0) || perSecond > 1_000_000)
        {
            error = $"--rate '{text}': expected deliveries per second, e.g. 20/s";
            return false;
        }
        return true;
    }

    public static string FormatRate(double? perSecond) =>
        perSecond is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) + "/s" : "unlimited";
}
