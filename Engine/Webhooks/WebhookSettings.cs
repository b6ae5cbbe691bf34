using Decnet.Engine.Config;

namespace Decnet.Engine.Webhooks;

/// <summary>The webhook settings (DECNET_WEBHOOK_*), parsed with one-line errors naming the setting.</summary>
public sealed record WebhookSettings(bool AllowPrivate, int Concurrency, TimeSpan Timeout)
{
    public static WebhookSettings From(DecnetSettings settings)
    {
        var allow = settings.Get(SettingCatalog.WebhookAllowPrivate).Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "1" or "on" => true,
            "false" or "no" or "0" or "off" or "" => false,
            var other => throw new IniFormatException($"{SettingCatalog.WebhookAllowPrivate}: expected true or false, got '{other}'"),
        };
        var concurrency = int.TryParse(settings.Get(SettingCatalog.WebhookConcurrency), out var c) && c is > 0 and <= 4096 ? c
            : throw new IniFormatException($"{SettingCatalog.WebhookConcurrency}: expected a number from 1 to 4096");
        var timeout = double.TryParse(settings.Get(SettingCatalog.WebhookTimeout), System.Globalization.CultureInfo.InvariantCulture, out var t) && t is > 0 and <= 300
            ? TimeSpan.FromSeconds(t) : throw new IniFormatException($"{SettingCatalog.WebhookTimeout}: expected seconds from 0 to 300");
        return new WebhookSettings(allow, concurrency, timeout);
    }
}
