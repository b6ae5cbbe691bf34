using System.Security.Cryptography;
using System.Text;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// Webhook secrets. Generated ones are <c>whsec_</c> + base64 of 32 random bytes (the Standard Webhooks form);
/// the HMAC key is the secret's UTF-8 bytes, except that a <c>whsec_</c> secret is base64-decoded first, as the
/// Standard Webhooks libraries do, for both signature schemes.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinLength = 16;

    /// <summary>A new secret. Cryptographic randomness on purpose: a secret drawn from a seeded Random could be guessed.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsValid(string secret, out string error)
    {
        error = "";
        if (secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            if (!TryDecode(secret, out var key)) { error = "a whsec_ secret must be followed by base64"; return false; }
            if (key.Length < 16) { error = "a whsec_ secret must decode to at least 16 bytes"; return false; }
            return true;
        }
        if (secret.Length < MinLength) { error = $"the secret must be at least {MinLength} characters"; return false; }
        if (secret.Any(char.IsWhiteSpace)) { error = "the secret may not contain whitespace"; return false; }
        return true;
    }

    public static byte[] KeyBytes(string secret)
    {
        if (secret.StartsWith(Prefix, StringComparison.Ordinal) && TryDecode(secret, out var key)) return key;
        return Encoding.UTF8.GetBytes(secret);
    }

    private static bool TryDecode(string secret, out byte[] key)
    {
        var text = secret.AsSpan(Prefix.Length);
        key = new byte[text.Length];
        if (Convert.TryFromBase64Chars(text, key, out var written)) { key = key[..written]; return true; }
        key = [];
        return false;
    }
}
