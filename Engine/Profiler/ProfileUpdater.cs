using Decnet.Engine.Ingest;

namespace Decnet.Engine.Profiler;

/// <summary>
/// Folds events into an attacker profile. Pure and incremental: applying events in two batches yields the same
/// profile as applying them in one, because the profile carries all the fold state (see <see cref="TallyBuilder{TKey}"/>).
/// Duplicate events are not detected here (the ingest path drops them by id before calling this).
/// </summary>
public static class ProfileUpdater
{
    /// <param name="existing">The profile so far, or null for an IP never seen.</param>
    /// <param name="eventsForOneIp">Events whose <see cref="DecnetEvent.SrcIp"/> all equal the profile's IP, in arrival order.</param>
    public static AttackerProfile Apply(AttackerProfile? existing, IReadOnlyList<DecnetEvent> eventsForOneIp)
    {
        if (eventsForOneIp.Count == 0)
            return existing ?? throw new ArgumentException("no events to build a new profile from", nameof(eventsForOneIp));

        var first = eventsForOneIp[0];
        var ip = existing?.Ip ?? first.SrcIp;
        var builder = new ProfileBuilder(existing, ip, first.Timestamp.ToUniversalTime());
        for (var i = 0; i < eventsForOneIp.Count; i++)
        {
            var e = eventsForOneIp[i];
            if (!string.Equals(e.SrcIp, ip, StringComparison.Ordinal))
                throw new ArgumentException($"event {e.Id} is from {e.SrcIp}, not from the profile's IP {ip}", nameof(eventsForOneIp));
            builder.Add(e);
        }
        return builder.Build();
    }
}
