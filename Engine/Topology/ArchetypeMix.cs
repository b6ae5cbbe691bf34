using System.Globalization;

namespace Decnet.Engine.Topology;

/// <summary>`--archetype-mix workstation=5,web-server=2`: relative weights; archetypes left out are never drawn.</summary>
public static class ArchetypeMix
{
    public static IReadOnlyList<ArchetypeWeight> Default { get; } =
        ArchetypeCatalog.All.Select(a => new ArchetypeWeight(a.Name, a.DefaultWeight)).ToArray();

    public static bool TryParse(string text, out IReadOnlyList<ArchetypeWeight> mix, out string error)
    {
        var result = new List<ArchetypeWeight>();
        mix = result;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            var name = eq < 0 ? item : item[..eq];
            var weight = 1;
            if (eq >= 0 && (!int.TryParse(item[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight is < 1 or > 1000))
            { error = $"--archetype-mix: '{item}': the weight must be a whole number 1-1000"; return false; }
            if (ArchetypeCatalog.Find(name) is null)
            { error = $"--archetype-mix: unknown archetype '{name}' (see 'decnet archetypes')"; return false; }
            if (result.Any(w => w.Archetype == name)) { error = $"--archetype-mix: '{name}' given twice"; return false; }
            result.Add(new ArchetypeWeight(name, weight));
        }
        if (result.Count == 0) { error = "--archetype-mix: give at least one archetype, e.g. workstation=5,web-server=1"; return false; }
        error = "";
        return true;
    }

    public static string Format(IReadOnlyList<ArchetypeWeight> mix) =>
        string.Join(",", mix.Select(w => w.Archetype + "=" + w.Weight.ToString(CultureInfo.InvariantCulture)));
}
