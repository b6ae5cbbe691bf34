using System.Text.Json;
using Decnet.Engine.Emailgen;
using MimeKit;

namespace Decnet.Tests.EndToEnd;

/// <summary>`decnet emailgen` on the published AOT binary: personas, generate into a spool, read the Maildir back, list.</summary>
public class EmailgenEndToEndTests
{
    [Test]
    public async Task PersonasGenerateListAndTheSpoolReadsBack()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var spool = Path.Combine(dir.Path, "spool");
        string[] D(params string[] a) => ["--data-dir", data, .. a];

        var personas = await DecnetBinary.RunAsync(D("emailgen", "personas", "generate", "--count", "6", "--domain", "empresa.example", "--seed", "4", "--language", "es", "--json"));
        await Assert.That(personas.ExitCode).IsEqualTo(0).Because(personas.ToString());
        using (var doc = JsonDocument.Parse(personas.Stdout))
        {
            await Assert.That(doc.RootElement.GetArrayLength()).IsEqualTo(6);
            await Assert.That(doc.RootElement[0].GetProperty("language").GetString()).IsEqualTo("es");
        }
        var export = await DecnetBinary.RunAsync(D("emailgen", "personas", "export", "--json"));
        await Assert.That(export.ExitCode).IsEqualTo(0).Because(export.ToString());
        var exportFile = Path.Combine(dir.Path, "personas.json");
        await File.WriteAllTextAsync(exportFile, export.Stdout);
        var import = await DecnetBinary.RunAsync(D("emailgen", "personas", "import", exportFile));
        await Assert.That(import.ExitCode).IsEqualTo(0).Because(import.ToString());
        await Assert.That(import.Stdout).Contains("0 new, 6 replaced");
        var first = JsonDocument.Parse(export.Stdout).RootElement[0].GetProperty("email").GetString()!;
        var show = await DecnetBinary.RunAsync(D("emailgen", "personas", "show", first));
        await Assert.That(show.Stdout).Contains("Europe/").Or.Contains("America/").Or.Contains("Atlantic/");

        var gen = await DecnetBinary.RunAsync(D("emailgen", "generate", "--decky", "mail01", "--count", "120", "--since", "30d", "--seed", "9",
            "--spool", spool, "--domain", "empresa.example"));
        await Assert.That(gen.ExitCode).IsEqualTo(0).Because(gen.ToString());
        await Assert.That(gen.Stdout).Contains("wrote 120 message(s)");
        await Assert.That(gen.Stdout).Contains("backend offline, seed 9");

        var ms = new MaildirSpool(spool);
        var users = ms.Users("mail01");
        // The 6 stored personas, topped up to 8 for the run.
        await Assert.That(gen.Stdout).Contains("stored 2 new persona(s) on empresa.example");
        await Assert.That(users.Count).IsEqualTo(8);
        var ids = new HashSet<string>();
        foreach (var user in users)
            foreach (var folder in new[] { ms.Inbox("mail01", user), ms.Sent("mail01", user) })
                foreach (var f in MaildirSpool.Messages(folder))
                {
                    var m = MimeMessage.Load(f.FullName);
                    ids.Add(m.MessageId!);
                    await Assert.That(m.Headers[HeaderId.MimeVersion]).IsEqualTo("1.0");
                    await Assert.That(f.LastWriteTimeUtc).IsEqualTo(m.Date.UtcDateTime);
                    await Assert.That(m.Date).IsGreaterThan(DateTimeOffset.UtcNow.AddDays(-31));
                    await Assert.That(((TextPart)m.Body!).Text!.Length).IsGreaterThan(20);
                }
        await Assert.That(ids.Count).IsEqualTo(120);

        var list = await DecnetBinary.RunAsync(D("emailgen", "list", "--decky", "mail01", "--json", "--limit", "0"));
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            var rows = doc.RootElement.EnumerateArray().ToArray();
            await Assert.That(rows.Length).IsEqualTo(120);
            await Assert.That(rows.Select(r => r.GetProperty("message_id").GetString()!.Trim('<', '>')).ToHashSet().SetEquals(ids)).IsTrue();
            var replies = rows.Where(r => r.GetProperty("in_reply_to").ValueKind == JsonValueKind.String).ToArray();
            await Assert.That(replies.Length).IsGreaterThan(20);
            await Assert.That(replies.All(r => r.GetProperty("subject").GetString()!.StartsWith("Re: "))).IsTrue();
        }
        var table = await DecnetBinary.RunAsync(D("emailgen", "list"));
        await Assert.That(table.Stdout).Contains("SUBJECT");

        var bad = await DecnetBinary.RunAsync(D("emailgen", "generate", "--decky", "../etc", "--spool", spool));
        await Assert.That(bad.ExitCode).IsEqualTo(2);
        var agent = await DecnetBinary.RunAsync(["emailgen", "list"], new Dictionary<string, string?> { ["DECNET_MODE"] = "agent" });
        await Assert.That(agent.ExitCode).IsEqualTo(2);
    }

    [Test]
    public async Task OllamaBackendThatIsDownFallsBackAndSaysSo()
    {
        using var dir = new TempDir();
        var port = Decnet.Tests.Emailgen.OllamaBackendTests.FreePort();
        var r = await DecnetBinary.RunAsync(["--data-dir", Path.Combine(dir.Path, "data"), "emailgen", "generate", "--decky", "mail01", "--count", "10", "--seed", "1",
            "--spool", Path.Combine(dir.Path, "spool")],
            new Dictionary<string, string?> { ["DECNET_EMAILGEN_BACKEND"] = "ollama", ["DECNET_EMAILGEN_OLLAMA_URL"] = $"http://127.0.0.1:{port}", ["DECNET_EMAILGEN_OLLAMA_TIMEOUT_SECONDS"] = "2" });
        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.ToString());
        await Assert.That(r.Stdout).Contains("wrote 10 message(s)");
        await Assert.That(r.Stderr).Contains("ollama failed");
        await Assert.That(r.Stderr).Contains("10 message(s) were written by the offline backend");
    }
}
