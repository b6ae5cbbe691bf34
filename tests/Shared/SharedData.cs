namespace Decnet.TestSupport;

/// <summary>Finds ../shared/data relative to the repository root (or $DECNET_SHARED_DATA).</summary>
public static class SharedData
{
    public static string? Find(string sub)
    {
        var env = Environment.GetEnvironmentVariable("DECNET_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, sub))) return Path.Combine(env, sub);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Decnet.csproj")))
            {
                var p = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", sub));
                return Directory.Exists(p) ? p : null;
            }
        }
        return null;
    }
}
