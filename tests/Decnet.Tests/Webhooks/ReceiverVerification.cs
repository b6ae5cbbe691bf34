using System.Security.Cryptography;
using System.Text;

namespace Decnet.Tests.Webhooks;

/// <summary>
/// An independent receiver-side check of both signature schemes, written from the spec (HMACSHA256 instances,
/// BitConverter hex), not with decnet's signing code.
/// </summary>
public static class ReceiverVerification
{
    public static byte[] Key(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);

    public static bool StandardWebhooks(ReceivedRequest r, string secret)
    {
        using var hmac = new HMACSHA256(Key(secret));
        var signed = Encoding.UTF8.GetBytes(r.Header("webhook-id") + "." + r.Header("webhook-timestamp") + ".").Concat(r.Body).ToArray();
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(signed));
        return r.Header("webhook-signature").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(expected);
    }

    public static bool Decnet(ReceivedRequest r, string secret)
    {
        using var hmac = new HMACSHA256(Key(secret));
        var expected = "sha256=" + BitConverter.ToString(hmac.ComputeHash(r.Body)).Replace("-", "").ToLowerInvariant();
        return r.Header("x-decnet-signature").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(expected);
    }
}
