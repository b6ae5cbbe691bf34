using System.Text.Json;
using Decnet.Commands;
using Decnet.Tests.Storage;

namespace Decnet.Tests.Webhooks;

/// <summary>`decnet webhook ...` in process: validation of bad input, secrets shown once, list/show JSON without secrets.</summary>
public class WebhookCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(string dataDir, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CommandHost
        {
            Environment = new Dictionary<string, string> { ["DECNET_DATA_DIR"] = dataDir, ["HOME"] = Path.GetTempPath() },
            Output = output,
            Error = error,
            OpenStdin = () => Stream.Null,
            Time = TimeProvider.System,
            Args = args,
        };
        var code = await CommandTree.InvokeAsync(host);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    [Arguments("not a url", "not an absolute URL")]
    [Arguments("ftp://example.com/x", "scheme 'ftp' is not allowed")]
    [Arguments("https://user:pw@example.com/", "credentials in the URL")]
    [Arguments("https://127.0.0.1/hook", "not public")]
    [Arguments("https://[::ffff:10.0.0.1]/hook", "not public")]
    [Arguments("https://localhost:9/hook", "not public")]
    public async Task BadUrlIsAUsageError(string url, string message)
    {
        using var dir = new TempDataDir();
        var (code, _, err) = await Run(dir.Path, "webhook", "add", "--name", "a", "--url", url, "--pattern", ">");
        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(err).Contains(message);
        await Assert.That(err.Trim().Split('\n').Length).IsEqualTo(1);
    }

    [Test]
    [Arguments("attacker..observed")]
    [Arguments(">.attacker")]
    [Arguments("attacker.ob served")]
    [Arguments("")]
    public async Task BadPatternIsAUsageError(string pattern)
    {
        using var dir = new TempDataDir();
        var (code, _, err) = await Run(dir.Path, "webhook", "add", "--name", "a", "--url", "http://127.0.0.1:9/x", "--pattern", pattern, "--allow-private");
        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(err).Contains("pattern");
    }

    [Test]
    public async Task AddPrintsTheSecretOnceAndRefusesADuplicateName()
    {
        using var dir = new TempDataDir();
        var (code, output, err) = await Run(dir.Path, "webhook", "add", "--name", "siem", "--url", "http://127.0.0.1:9/x", "--pattern", "attacker.>", "--pattern", "campaign.>", "--allow-private", "--rate", "20/s");
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(err).Contains("plain http");
        var secret = output.Split('\n').Single(l => l.StartsWith("secret")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        await Assert.That(secret).StartsWith("whsec_");

        var dup = await Run(dir.Path, "webhook", "add", "--name", "siem", "--url", "http://127.0.0.1:9/y", "--pattern", ">", "--allow-private");
        await Assert.That(dup.Code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(dup.Err).Contains("already exists");

        var list = await Run(dir.Path, "webhook", "list", "--json");
        await Assert.That(list.Out).DoesNotContain(secret);
        using var doc = JsonDocument.Parse(list.Out);
        var row = doc.RootElement.EnumerateArray().Single();
        await Assert.That(row.GetProperty("name").GetString()).IsEqualTo("siem");
        await Assert.That(row.GetProperty("rate_per_second").GetDouble()).IsEqualTo(20);
        await Assert.That(row.GetProperty("patterns").GetArrayLength()).IsEqualTo(2);

        var show = await Run(dir.Path, "webhook", "show", "siem", "--json");
        await Assert.That(show.Out).DoesNotContain(secret);
        await Assert.That(show.Code).IsEqualTo(ExitCodes.Ok);
        var human = await Run(dir.Path, "webhook", "show", "siem");
        await Assert.That(human.Out).DoesNotContain(secret);

        var rotated = await Run(dir.Path, "webhook", "rotate-secret", "siem");
        await Assert.That(rotated.Code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(rotated.Out).DoesNotContain(secret);
        var showRotated = await Run(dir.Path, "webhook", "show", "siem", "--json");
        using var rdoc = JsonDocument.Parse(showRotated.Out);
        await Assert.That(rdoc.RootElement.GetProperty("previous_secret_valid").GetBoolean()).IsTrue();

        await Assert.That((await Run(dir.Path, "webhook", "disable", "siem")).Code).IsEqualTo(ExitCodes.Ok);
        using (var d2 = JsonDocument.Parse((await Run(dir.Path, "webhook", "show", "siem", "--json")).Out))
            await Assert.That(d2.RootElement.GetProperty("enabled").GetBoolean()).IsFalse();
        await Assert.That((await Run(dir.Path, "webhook", "enable", "siem")).Code).IsEqualTo(ExitCodes.Ok);
        await Assert.That((await Run(dir.Path, "webhook", "remove", "siem")).Code).IsEqualTo(ExitCodes.Ok);
        await Assert.That((await Run(dir.Path, "webhook", "show", "siem")).Code).IsEqualTo(ExitCodes.Failure);
    }

    [Test]
    public async Task BadNameSecretAndRateAreUsageErrors()
    {
        using var dir = new TempDataDir();
        var baseArgs = new[] { "webhook", "add", "--url", "http://127.0.0.1:9/x", "--pattern", ">", "--allow-private" };
        await Assert.That((await Run(dir.Path, [.. baseArgs, "--name", "bad name"])).Code).IsEqualTo(ExitCodes.Usage);
        await Assert.That((await Run(dir.Path, [.. baseArgs, "--name", "a", "--secret", "short"])).Code).IsEqualTo(ExitCodes.Usage);
        await Assert.That((await Run(dir.Path, [.. baseArgs, "--name", "a", "--secret", "whsec_!!!notbase64"])).Code).IsEqualTo(ExitCodes.Usage);
        await Assert.That((await Run(dir.Path, [.. baseArgs, "--name", "a", "--rate", "fast"])).Code).IsEqualTo(ExitCodes.Usage);
        await Assert.That((await Run(dir.Path, [.. baseArgs, "--name", "a", "--rate", "0/s"])).Code).IsEqualTo(ExitCodes.Usage);
    }

    [Test]
    public async Task TestCommandSendsASignedEventAndReportsTheStatus()
    {
        using var dir = new TempDataDir();
        using var receiver = new LoopbackReceiver();
        var add = await Run(dir.Path, "webhook", "add", "--name", "t", "--url", receiver.Url(), "--pattern", ">", "--allow-private", "--secret", "a-test-secret-0123456789");
        await Assert.That(add.Code).IsEqualTo(ExitCodes.Ok);
        var (code, output, _) = await Run(dir.Path, "webhook", "test", "t");
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(output).Contains("HTTP 200 in");
        var r = receiver.Requests.Single();
        await Assert.That(r.Header("x-decnet-event-topic")).IsEqualTo("system.webhook.test");
        await Assert.That(ReceiverVerification.StandardWebhooks(r, "a-test-secret-0123456789")).IsTrue();
        await Assert.That(ReceiverVerification.Decnet(r, "a-test-secret-0123456789")).IsTrue();

        receiver.Answer = _ => new ReceiverAnswer(410);
        var gone = await Run(dir.Path, "webhook", "test", "t");
        await Assert.That(gone.Code).IsEqualTo(ExitCodes.Failure);
        await Assert.That(gone.Out).Contains("HTTP 410");
    }

    [Test]
    public async Task ReplayNeedsExactlyOneTarget()
    {
        using var dir = new TempDataDir();
        await Assert.That((await Run(dir.Path, "webhook", "replay")).Code).IsEqualTo(ExitCodes.Usage);
        await Assert.That((await Run(dir.Path, "webhook", "replay", "x", "--dead", "y")).Code).IsEqualTo(ExitCodes.Usage);
        var missing = await Run(dir.Path, "webhook", "replay", "nope:nothing");
        await Assert.That(missing.Code).IsEqualTo(ExitCodes.Failure);
        await Assert.That(missing.Err).Contains("no delivery");
    }
}
