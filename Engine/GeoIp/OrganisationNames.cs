namespace Decnet.Engine.GeoIp;

/// <summary>
/// The string table for AS organisation names: each distinct name is one string and one number, however many
/// rows repeat it (412k rows share far fewer names). Lookups by span do not allocate.
/// </summary>
public sealed class OrganisationNames
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly List<string> _names = [];

    public OrganisationNames() => _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _names.Count;
    public string this[int id] => _names[id];
    public IReadOnlyList<string> All => _names;

    public int IdOf(ReadOnlySpan<char> name)
    {
        if (_bySpan.TryGetValue(name, out var id)) return id;
        var s = name.ToString();
        _ids.Add(s, _names.Count);
        _names.Add(s);
        return _names.Count - 1;
    }

    public string Intern(ReadOnlySpan<char> name) => _names[IdOf(name)];

    public int IdOf(string name) => IdOf(name.AsSpan());
}
