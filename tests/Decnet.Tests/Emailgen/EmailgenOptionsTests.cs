using Decnet.Engine.Config;
using Decnet.Engine.Emailgen;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Emailgen;

/// <summary>The [emailgen] settings: defaults, the backend choice, and one clear line for a bad value.</summary>
public class EmailgenOptionsTests
{
    [Test]
    public async Task DefaultsAndBackendChoice()
    {
        var o = EmailgenOptions.From(DecnetSettings.Load(new Dictionary<string, string> { ["DECNET_DATA_DIR"] = "/d" }));
        await Assert.That(o.Backend).IsEqualTo("offline");
        await Assert.That(o.Spool).IsEqualTo("/d/mail");
        await Assert.That(o.OllamaUrl.ToString()).IsEqualTo("http://127.0.0.1:11434/");
        await Assert.That(o.CreateBackend(NullLogger.Instance, TimeProvider.System)).IsTypeOf<OfflineBackend>();
        var ollama = EmailgenOptions.From(DecnetSettings.Load(new Dictionary<string, string>
        {
            ["DECNET_EMAILGEN_BACKEND"] = "OLLAMA", ["DECNET_EMAILGEN_OLLAMA_URL"] = "http://gpu-box:11434/ollama", ["DECNET_EMAILGEN_OLLAMA_TIMEOUT_SECONDS"] = "5",
        }));
        using var backend = (OllamaBackend)ollama.CreateBackend(NullLogger.Instance, TimeProvider.System);
        await Assert.That(ollama.OllamaUrl.ToString()).IsEqualTo("http://gpu-box:11434/ollama/");
        await Assert.That(ollama.OllamaTimeout).IsEqualTo(TimeSpan.FromSeconds(5));
    }

    [Test]
    [Arguments("DECNET_EMAILGEN_BACKEND", "gpt")]
    [Arguments("DECNET_EMAILGEN_OLLAMA_URL", "ftp://x")]
    [Arguments("DECNET_EMAILGEN_MAILBOX_CAP", "0")]
    [Arguments("DECNET_EMAILGEN_INTERVAL_SECONDS", "soon")]
    public async Task BadValuesNameTheSetting(string name, string value)
    {
        var e = Assert.Throws<IniFormatException>(() => EmailgenOptions.From(DecnetSettings.Load(new Dictionary<string, string> { [name] = value })));
        await Assert.That(e.Message).StartsWith(name);
    }
}
