using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// The two signatures a request carries. Standard Webhooks: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of
/// "id.timestamp.body"&gt;</c>; decnet's own: <c>X-DECNET-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// With several keys (rotation grace) each header lists one signature per key, separated by spaces.
/// </summary>
public static class WebhookSignature
{
    public static string StandardWebhooks(IReadOnlyList<byte[]> keys, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(id + "." + timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var sb = new StringBuilder();
        Span<byte> mac = stackalloc byte[32];
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, message, mac);
            if (sb.Length > 0) sb.Append(' ');
            sb.Append("v1,").Append(Convert.ToBase64String(mac));
        }
        return sb.ToString();
    }

    public static string Decnet(IReadOnlyList<byte[]> keys, ReadOnlySpan<byte> body)
    {
        var sb = new StringBuilder();
        Span<byte> mac = stackalloc byte[32];
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, body, mac);
            if (sb.Length > 0) sb.Append(' ');
            sb.Append("sha256=").Append(Convert.ToHexStringLower(mac));
        }
        return sb.ToString();
    }
}
