namespace Decnet.Engine.Installer;

/// <summary>One unit as `systemctl show` reports it.</summary>
public sealed record UnitStatus(string Unit, string LoadState, string ActiveState, string SubState);

/// <summary>The decnet units' states for `decnet status`, or null when no systemd runs here.</summary>
public static class SystemdUnits
{
    /// <summary>sd_booted(3): systemd is the running init exactly when this directory exists.</summary>
    public static bool SystemdRunning => Directory.Exists("/run/systemd/system");

    public static async Task<IReadOnlyList<UnitStatus>?> ReadAsync(ICommandRunner runner, bool systemdRunning, CancellationToken ct)
    {
        if (!systemdRunning) return null;
        var r = await runner.RunAsync(["systemctl", "show", "--property=Id,LoadState,ActiveState,SubState", "--", .. InstallLayout.Units], ct).ConfigureAwait(false);
        return r.Succeeded ? Parse(r.Stdout, InstallLayout.Units) : null;
    }

    /// <summary>`systemctl show` prints one block of Key=Value lines per unit, blocks separated by a blank line, in argument order.</summary>
    public static IReadOnlyList<UnitStatus> Parse(string output, IReadOnlyList<string> units)
    {
        var list = new List<UnitStatus>();
        var blocks = output.Replace("\r", "", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < blocks.Length; i++)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in blocks[i].Split('\n'))
            {
                var eq = line.IndexOf('=');
                if (eq > 0) fields[line[..eq]] = line[(eq + 1)..];
            }
            if (fields.Count == 0) continue;
            var id = fields.GetValueOrDefault("Id") is { Length: > 0 } s ? s : i < units.Count ? units[i] : "?";
            list.Add(new UnitStatus(id, fields.GetValueOrDefault("LoadState", "?"), fields.GetValueOrDefault("ActiveState", "?"), fields.GetValueOrDefault("SubState", "?")));
        }
        return list;
    }
}
