using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>Makes personas for one mail domain from the embedded word lists, deterministically for a seed.</summary>
public static class PersonaGenerator
{
    /// <summary>
    /// <paramref name="count"/> new personas on <paramref name="domain"/> whose addresses differ from
    /// <paramref name="taken"/>. <paramref name="language"/> is "en", "es" or "mixed" (each persona picks one).
    /// Most of a company shares its first listed timezone; the rest are spread over the others.
    /// </summary>
    public static IReadOnlyList<Persona> Generate(int count, string domain, Random rng, string language = "en",
        IReadOnlySet<string>? taken = null, string scope = Persona.GlobalScope)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        domain = domain.Trim().ToLowerInvariant();
        if (!IsValidDomain(domain)) throw new ArgumentException($"'{domain}' is not a mail domain (e.g. corp.example)", nameof(domain));
        var used = new HashSet<string>(taken ?? new HashSet<string>(), StringComparer.OrdinalIgnoreCase);
        var result = new List<Persona>(count);
        for (var i = 0; i < count; i++)
        {
            var lang = language == "mixed" ? WordList.Languages[rng.Next(WordList.Languages.Count)] : language;
            var words = WordList.For(lang);
            var first = words.Pick("first_names", rng);
            var last = words.Pick("last_names", rng);
            var roleLine = words.Pick("roles", rng);
            var bar = roleLine.IndexOf('|');
            var zones = words.Section("timezones");
            var zoneLine = rng.NextDouble() < 0.7 ? zones[0] : zones[rng.Next(zones.Count)];
            var start = rng.Next(7, 10);
            var email = UniqueAddress(first, last, domain, used);
            used.Add(email);
            result.Add(new Persona(email, first, last, roleLine[(bar + 1)..], roleLine[..bar], words.Language,
                zoneLine[..zoneLine.IndexOf('|')], start, start + rng.Next(8, 10), (WritingStyle)rng.Next(3), scope));
        }
        return result;
    }

    /// <summary>A persona for a mailbox user a topology names (e.g. "jsmith"): a name from the lists, the user's own address.</summary>
    public static Persona ForUser(string user, string domain, Random rng, string language = "en", string scope = Persona.GlobalScope)
    {
        var p = Generate(1, domain, rng, language, null, scope)[0];
        return p with { Email = $"{user.ToLowerInvariant()}@{domain.Trim().ToLowerInvariant()}" };
    }

    public static bool IsValidDomain(string domain) =>
        domain.Length is > 2 and < 254 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.')
        && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && !domain.Contains("..");

    private static string UniqueAddress(string first, string last, string domain, HashSet<string> used)
    {
        var local = $"{Fold(first)}.{Fold(last)}";
        var candidate = $"{local}@{domain}";
        for (var n = 2; used.Contains(candidate); n++) candidate = $"{local}{n}@{domain}";
        return candidate;
    }

    /// <summary>Lower-case ASCII for a mailbox name: accents dropped (José → jose), anything else removed.</summary>
    public static string Fold(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var f = c switch
            {
                'á' or 'à' or 'ä' or 'â' => 'a',
                'é' or 'è' or 'ë' or 'ê' => 'e',
                'í' or 'ì' or 'ï' or 'î' => 'i',
                'ó' or 'ò' or 'ö' or 'ô' => 'o',
                'ú' or 'ù' or 'ü' or 'û' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                _ => c,
            };
            if (char.IsAsciiLetterOrDigit(f)) sb.Append(f);
        }
        return sb.Length == 0 ? "user" : sb.ToString();
    }
}
