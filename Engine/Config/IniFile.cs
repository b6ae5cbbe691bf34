namespace Decnet.Engine.Config;

/// <summary>A parse error in decnet.ini, naming the file and line.</summary>
public sealed class IniFormatException(string message) : Exception(message);

/// <summary>Minimal INI reader: [section], key = value, # and ; comments. Values map to settings by section+key.</summary>
public static class IniFile
{
    /// <summary>Returns env-name → value for every known setting present; unknown keys are errors (a typo must not be silently ignored).</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = "core";
        var lineNo = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNo++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
            if (line[0] == '[')
            {
                if (line[^1] != ']' || line.Length < 3)
                    throw new IniFormatException($"{path}:{lineNo}: malformed section header '{line}' (expected [name])");
                section = line[1..^1].Trim();
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq <= 0)
                throw new IniFormatException($"{path}:{lineNo}: expected 'key = value', got '{line}'");
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            var def = SettingCatalog.ByIniName(section, key)
                ?? throw new IniFormatException($"{path}:{lineNo}: unknown setting '{key}' in section [{section}]");
            values[def.EnvName] = value;
        }
        return values;
    }

    /// <summary>The commented template with every setting (embedded Assets/decnet.ini), as `decnet init` writes it.</summary>
    public static string Template()
    {
        using var stream = typeof(IniFile).Assembly.GetManifestResourceStream("Decnet.Assets.decnet.ini")
            ?? throw new InvalidOperationException("embedded Assets/decnet.ini is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
