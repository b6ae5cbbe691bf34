using System.Globalization;
using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// Fills a template line: <c>{slot}</c> takes a value from <see cref="Slots"/> (or a fresh random one for the
/// numeric slots), <c>{a|b|c}</c> picks one alternative. Unknown slots stay as written, so a typo shows.
/// </summary>
public sealed class TemplateText(WordList words, Random rng, IReadOnlyDictionary<string, string> slots)
{
    public IReadOnlyDictionary<string, string> Slots => slots;

    public string Fill(string template)
    {
        var sb = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0) { sb.Append(template, i, template.Length - i); break; }
            var close = template.IndexOf('}', open + 1);
            if (close < 0) { sb.Append(template, i, template.Length - i); break; }
            sb.Append(template, i, open - i);
            var inner = template.AsSpan(open + 1, close - open - 1);
            if (inner.Contains('|'))
            {
                var choices = inner.ToString().Split('|');
                sb.Append(choices[rng.Next(choices.Length)]);
            }
            else
            {
                sb.Append(Value(inner.ToString()) ?? template.Substring(open, close - open + 1));
            }
            i = close + 1;
        }
        return sb.ToString();
    }

    /// <summary>Picks a line from <paramref name="section"/> and fills it.</summary>
    public string FillFrom(string section) => Fill(words.Pick(section, rng));

    private string? Value(string name)
    {
        if (slots.TryGetValue(name, out var v)) return v;
        var ci = CultureInfo.InvariantCulture;
        return name switch
        {
            "n1" => rng.Next(2, 10).ToString(ci),
            "n2" => rng.Next(10, 60).ToString(ci),
            "n4" => rng.Next(1000, 9999).ToString(ci),
            "percent" => rng.Next(5, 95).ToString(ci),
            "amount" => Money(rng.Next(250, 95_000) + rng.Next(100) / 100.0),
            "small_amount" => Money(rng.Next(5, 900) + rng.Next(100) / 100.0),
            "asset" => "LT-" + rng.Next(10_000, 99_999).ToString(ci),
            "time" => $"{rng.Next(9, 17):00}:{(rng.Next(4) * 15):00}",
            "ordinal" => rng.Next(1, 29).ToString(ci),
            "year" => rng.Next(2021, 2027).ToString(ci),
            "day" => words.Pick("days", rng),
            "month" => words.Pick("months", rng),
            "room" => words.Pick("rooms", rng),
            "system" => words.Pick("systems", rng),
            "policy" => words.Pick("policies", rng),
            "error" => words.Pick("errors", rng),
            "vendor2" => words.Pick("vendors", rng),
            _ => null,
        };
    }

    private string Money(double value) => words.Language == "es"
        ? value.ToString("N2", CultureInfo.InvariantCulture).Replace(",", "\u0001").Replace(".", ",").Replace("\u0001", ".") + " €"
        : "$" + value.ToString("N2", CultureInfo.InvariantCulture);
}
