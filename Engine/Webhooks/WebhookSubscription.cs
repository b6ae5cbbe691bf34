namespace Decnet.Engine.Webhooks;

/// <summary>
/// One receiver: where to POST, which bus patterns it wants, and the secret that signs its requests. During a
/// rotation grace period <see cref="PreviousSecret"/> still signs too, so receivers can switch keys without a gap.
/// </summary>
public sealed record WebhookSubscription(
    string Id,
    string Name,
    string Url,
    IReadOnlyList<string> Patterns,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil,
    bool AllowPrivate,
    double? RatePerSecond,
    bool Enabled,
    DateTimeOffset CreatedAt)
{
    /// <summary>The secrets that sign a request sent at <paramref name="now"/>: the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil is { } until && now < until ? [Secret, PreviousSecret] : [Secret];
}
