namespace Decnet.Engine.Emailgen;

/// <summary>One `emailgen generate`: conversations over a past window, written and delivered into a decky's mailboxes.</summary>
public static class MailboxBatch
{
    public static async Task<IReadOnlyList<MailRecord>> GenerateAsync(ConversationGenerator generator, MailDelivery delivery, string decky,
        IReadOnlyList<Persona> personas, int count, DateTimeOffset from, DateTimeOffset to, Random rng, CancellationToken ct)
    {
        MaildirSpool.RequireDecky(decky);
        var messages = await generator.GenerateAsync(personas, count, from, to, rng, ct).ConfigureAwait(false);
        return delivery.DeliverBatch(decky, messages);
    }

    /// <summary>
    /// The personas a decky's mail is written by: the stored ones of its domain, topped up to at least
    /// <paramref name="minimum"/> with new ones (returned in <c>Added</c> for the caller to store).
    /// </summary>
    public static (IReadOnlyList<Persona> All, IReadOnlyList<Persona> Added) EnsurePersonas(IReadOnlyList<Persona> stored, string domain,
        IReadOnlyList<string> users, int minimum, string language, string scope, Random rng)
    {
        var all = stored.ToList();
        var added = new List<Persona>();
        foreach (var user in users)
        {
            var email = $"{user.ToLowerInvariant()}@{domain.ToLowerInvariant()}";
            if (all.Any(p => p.Email == email)) continue;
            var p = PersonaGenerator.ForUser(user, domain, rng, language, scope);
            all.Add(p);
            added.Add(p);
        }
        if (all.Count < minimum)
        {
            var more = PersonaGenerator.Generate(minimum - all.Count, domain, rng, language, all.Select(p => p.Email).ToHashSet(StringComparer.OrdinalIgnoreCase), scope);
            all.AddRange(more);
            added.AddRange(more);
        }
        return (all, added);
    }
}
