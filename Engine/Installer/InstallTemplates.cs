namespace Decnet.Engine.Installer;

/// <summary>The unit, polkit, tmpfiles and logrotate templates embedded from Assets/, rendered for one install.</summary>
public static class InstallTemplates
{
    /// <summary>Every file `init` renders: host path, embedded asset name, and what the step is called.</summary>
    public static IReadOnlyList<(string Path, string Asset, string Label)> Files(InstallLayout layout) =>
    [
        .. InstallLayout.Units.Select(u => (layout.UnitPath(u), u, "unit " + u)),
        (layout.PolkitRule, "decnet.polkit.rules", "polkit rule " + layout.PolkitRule),
        (layout.TmpfilesFile, "decnet.tmpfiles.conf", "tmpfiles.d " + layout.TmpfilesFile),
        (layout.LogrotateFile, "decnet.logrotate", "logrotate " + layout.LogrotateFile),
    ];

    public static string Render(string asset, InstallLayout layout, InstallOptions options)
    {
        var text = Read(asset);
        return text
            .Replace("{{exec}}", options.ExecPath, StringComparison.Ordinal)
            .Replace("{{user}}", options.User, StringComparison.Ordinal)
            .Replace("{{group}}", options.Group, StringComparison.Ordinal)
            .Replace("{{data_dir}}", layout.DataDir, StringComparison.Ordinal)
            .Replace("{{log_dir}}", layout.LogDir, StringComparison.Ordinal)
            .Replace("{{runtime_dir}}", layout.RuntimeDir, StringComparison.Ordinal)
            .Replace("{{config_file}}", layout.ConfigFile, StringComparison.Ordinal);
    }

    public static string Read(string asset)
    {
        using var stream = typeof(InstallTemplates).Assembly.GetManifestResourceStream("Decnet.Assets." + asset)
            ?? throw new InvalidOperationException($"embedded Assets/{asset} is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
