namespace Decnet.Engine.Webhooks;

/// <summary>Checks a receiver URL: absolute https (or http, with a warning), a host, no user-info, no fragment.</summary>
public static class WebhookUrl
{
    /// <summary>True when usable; <paramref name="warning"/> is set for plain http.</summary>
    public static bool TryParse(string text, out Uri uri, out string error, out string? warning)
    {
        warning = null;
        error = "";
        uri = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"'{text}' is not an absolute URL (expected https://host[:port]/path)";
            return false;
        }
        if (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
        {
            error = $"'{text}': scheme '{parsed.Scheme}' is not allowed (https, or http with a warning)";
            return false;
        }
        if (!string.IsNullOrEmpty(parsed.UserInfo)) { error = $"'{text}': credentials in the URL are not allowed (they would be logged); use the signature"; return false; }
        if (!string.IsNullOrEmpty(parsed.Fragment)) { error = $"'{text}': a URL fragment is never sent; remove it"; return false; }
        if (parsed.Scheme == Uri.UriSchemeHttp)
            warning = $"'{text}' is plain http: payloads and signatures travel unencrypted";
        uri = parsed;
        return true;
    }
}
