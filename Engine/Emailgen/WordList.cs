using System.Collections.Frozen;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// The embedded word list of one language (Assets/emailgen-&lt;lang&gt;.txt): named sections of entries, one a line.
/// Names, roles, templates and the values slots are filled with all come from here.
/// </summary>
public sealed class WordList
{
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    private static readonly Lock LoadLock = new();
    private static readonly Dictionary<string, WordList> Loaded = new(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, string[]> _sections;

    public string Language { get; }

    private WordList(string language, FrozenDictionary<string, string[]> sections)
    {
        Language = language;
        _sections = sections;
    }

    /// <summary>The embedded list for <paramref name="language"/> ("en", "es"); unknown languages fall back to English.</summary>
    public static WordList For(string language)
    {
        var lang = Languages.Contains(language) ? language : "en";
        lock (LoadLock)
        {
            if (Loaded.TryGetValue(lang, out var list)) return list;
            var name = $"Decnet.Assets.emailgen-{lang}.txt";
            using var stream = typeof(WordList).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"embedded {name} is missing from this build");
            using var reader = new StreamReader(stream);
            list = Parse(lang, reader.ReadToEnd(), name);
            Loaded[lang] = list;
            return list;
        }
    }

    /// <summary>Parses the section format; an entry outside any section is an error naming the line.</summary>
    public static WordList Parse(string language, string text, string source)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                if (!sections.TryGetValue(name, out current)) sections[name] = current = [];
                continue;
            }
            if (current is null) throw new InvalidDataException($"{source}:{lineNo}: entry '{line}' before any [section]");
            current.Add(line);
        }
        return new WordList(language, sections.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
    }

    public bool Has(string section) => _sections.TryGetValue(section, out var v) && v.Length > 0;

    public IReadOnlyList<string> Section(string section) =>
        _sections.TryGetValue(section, out var v) ? v : throw new KeyNotFoundException($"emailgen word list '{Language}' has no [{section}] section");

    public string Pick(string section, Random rng)
    {
        var values = Section(section);
        return values[rng.Next(values.Count)];
    }
}
