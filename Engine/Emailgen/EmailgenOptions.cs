using Decnet.Engine.Config;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Emailgen;

/// <summary>The [emailgen] settings, validated: one clear line naming the setting when a value is wrong.</summary>
public sealed record EmailgenOptions(string Backend, Uri OllamaUrl, string OllamaModel, TimeSpan OllamaTimeout, string Spool, TimeSpan Interval, int MailboxCap)
{
    public static EmailgenOptions From(DecnetSettings s)
    {
        var backend = s.Get(SettingCatalog.EmailgenBackend).Trim().ToLowerInvariant();
        if (backend is not (OfflineBackend.BackendName or OllamaBackend.BackendName))
            throw new IniFormatException($"{SettingCatalog.EmailgenBackend}: unknown backend '{backend}' (expected offline or ollama)");
        var url = s.Get(SettingCatalog.EmailgenOllamaUrl).Trim();
        if (!url.EndsWith('/')) url += "/";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var ollama) || ollama.Scheme is not ("http" or "https"))
            throw new IniFormatException($"{SettingCatalog.EmailgenOllamaUrl}: '{url}' is not an http(s) URL");
        var spool = s.Get(SettingCatalog.EmailgenSpool);
        return new EmailgenOptions(backend, ollama, s.Get(SettingCatalog.EmailgenOllamaModel).Trim(),
            TimeSpan.FromSeconds(Positive(s, SettingCatalog.EmailgenOllamaTimeout)),
            string.IsNullOrEmpty(spool) ? Path.Combine(s.DataDir, "mail") : Path.GetFullPath(spool),
            TimeSpan.FromSeconds(Positive(s, SettingCatalog.EmailgenInterval)), Positive(s, SettingCatalog.EmailgenMailboxCap));
    }

    private static int Positive(DecnetSettings s, string name) =>
        int.TryParse(s.Get(name), out var n) && n > 0 ? n : throw new IniFormatException($"{name}: expected a positive number, got '{s.Get(name)}'");

    /// <summary>The backend the settings choose (the caller disposes it when it is IDisposable).</summary>
    public IMessageBackend CreateBackend(ILogger log, TimeProvider time) => Backend == OllamaBackend.BackendName
        ? new OllamaBackend(OllamaUrl, OllamaModel, OllamaTimeout, log, time)
        : new OfflineBackend();
}
