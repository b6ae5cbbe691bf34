using System.Net;
using Decnet.Engine.Config;
using Decnet.Engine.Webhooks;

namespace Decnet.Tests.Webhooks;

/// <summary>The SSRF guard: address classes, DNS names resolving to them, the allow flags, and redirects.</summary>
public class SsrfGuardTests
{
    [Test]
    [Arguments("127.0.0.1")]
    [Arguments("127.255.0.9")]
    [Arguments("10.1.2.3")]
    [Arguments("172.16.0.1")]
    [Arguments("172.31.255.254")]
    [Arguments("192.168.1.1")]
    [Arguments("169.254.169.254")]
    [Arguments("100.64.0.1")]
    [Arguments("0.0.0.0")]
    [Arguments("224.0.0.251")]
    [Arguments("240.0.0.1")]
    [Arguments("255.255.255.255")]
    [Arguments("192.0.2.10")]
    [Arguments("198.18.0.1")]
    [Arguments("::1")]
    [Arguments("::")]
    [Arguments("fe80::1")]
    [Arguments("fc00::1")]
    [Arguments("fd12:3456::1")]
    [Arguments("ff02::1")]
    [Arguments("2001:db8::1")]
    [Arguments("::ffff:127.0.0.1")]
    [Arguments("::ffff:10.0.0.1")]
    [Arguments("::ffff:169.254.169.254")]
    [Arguments("::127.0.0.1")]
    [Arguments("64:ff9b::7f00:1")]
    [Arguments("64:ff9b::a00:1")]
    [Arguments("64:ff9b:1::c0a8:101")]
    [Arguments("2002:7f00:1::1")]
    [Arguments("2002:a00:1::1")]
    [Arguments("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    public async Task NonPublicAddressesAreRefused(string address)
    {
        await Assert.That(AddressGuard.Refusal(IPAddress.Parse(address))).IsNotNull();
    }

    [Test]
    [Arguments("8.8.8.8")]
    [Arguments("1.1.1.1")]
    [Arguments("172.32.0.1")]
    [Arguments("100.128.0.1")]
    [Arguments("2606:4700:4700::1111")]
    [Arguments("::ffff:8.8.8.8")]
    [Arguments("64:ff9b::808:808")]
    [Arguments("2002:808:808::1")]
    public async Task PublicAddressesAreAllowed(string address)
    {
        await Assert.That(AddressGuard.Refusal(IPAddress.Parse(address))).IsNull();
    }

    [Test]
    [Arguments("metadata.internal", "169.254.169.254")]
    [Arguments("intranet.example", "10.0.0.5")]
    [Arguments("sneaky.example", "::ffff:192.168.0.1")]
    [Arguments("nat64.example", "64:ff9b::a9fe:a9fe")]
    public async Task DnsNamesResolvingToNonPublicAddressesAreRefused(string host, string address)
    {
        var connector = new GuardedConnector(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse(address) }));
        await Assert.ThrowsAsync<WebhookRefusedException>(() => connector.VetAsync(host, CancellationToken.None));
        var allowed = new GuardedConnector(true, (_, _) => Task.FromResult(new[] { IPAddress.Parse(address) }));
        await Assert.That((await allowed.VetAsync(host, CancellationToken.None)).Single()).IsEqualTo(IPAddress.Parse(address));
    }

    [Test]
    public async Task OneNonPublicAddressAmongPublicOnesIsEnoughToRefuse()
    {
        var connector = new GuardedConnector(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("8.8.8.8"), IPAddress.Parse("127.0.0.1") }));
        await Assert.ThrowsAsync<WebhookRefusedException>(() => connector.VetAsync("mixed.example", CancellationToken.None));
    }

    [Test]
    public async Task RealDnsNameLocalhostIsRefusedAtConnectAndNothingReachesTheReceiver()
    {
        using var receiver = new LoopbackReceiver();
        using var strict = new WebhookSender(TimeProvider.System, "test", allowPrivateEverywhere: false, 4);
        var sub = new WebhookSubscription("wh_1", "x", $"http://localhost:{receiver.Port}/hook", [">"], "secret-secret-secret", null, null, false, null, true, DateTimeOffset.UtcNow);
        var result = await strict.SendAsync(sub, "e1", "t", "{}"u8.ToArray(), CancellationToken.None);
        await Assert.That(result.Refused).IsTrue();
        await Assert.That(result.StatusCode).IsNull();
        await Assert.That(result.Error!).Contains("not public");
        await Assert.That(RetryPolicy.IsRetryable(result)).IsFalse();
        var literal = await strict.SendAsync(sub with { Url = receiver.Url() }, "e2", "t", "{}"u8.ToArray(), CancellationToken.None);
        await Assert.That(literal.Refused).IsTrue();
        await Assert.That(receiver.Count).IsEqualTo(0);

        // Allowed per subscription ...
        var perSub = await strict.SendAsync(sub with { AllowPrivate = true }, "e3", "t", "{}"u8.ToArray(), CancellationToken.None);
        await Assert.That(perSub.StatusCode).IsEqualTo(200);
        // ... or everywhere (DECNET_WEBHOOK_ALLOW_PRIVATE=true).
        var settings = WebhookSettings.From(DecnetSettings.Load(new Dictionary<string, string> { ["DECNET_WEBHOOK_ALLOW_PRIVATE"] = "true", ["HOME"] = Path.GetTempPath() }));
        await Assert.That(settings.AllowPrivate).IsTrue();
        using var open = new WebhookSender(TimeProvider.System, "test", settings.AllowPrivate, 4);
        var everywhere = await open.SendAsync(sub, "e4", "t", "{}"u8.ToArray(), CancellationToken.None);
        await Assert.That(everywhere.StatusCode).IsEqualTo(200);
        await Assert.That(receiver.Count).IsEqualTo(2);
    }

    [Test]
    public async Task RedirectToAPrivateAddressIsNotFollowed()
    {
        using var target = new LoopbackReceiver();
        using var redirecting = new LoopbackReceiver(_ => new ReceiverAnswer(302, new Dictionary<string, string> { ["Location"] = target.Url("/internal") }));
        using var sender = new WebhookSender(TimeProvider.System, "test", allowPrivateEverywhere: true, 4);
        var sub = new WebhookSubscription("wh_2", "r", redirecting.Url(), [">"], "secret-secret-secret", null, null, true, null, true, DateTimeOffset.UtcNow);
        var result = await sender.SendAsync(sub, "e1", "t", "{}"u8.ToArray(), CancellationToken.None);
        await Assert.That(result.StatusCode).IsEqualTo(302);
        await Assert.That(new RetryPolicy(new Random(1)).Judge(result, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)).IsEqualTo(AttemptVerdict.Final);
        await Task.Delay(100);
        await Assert.That(target.Count).IsEqualTo(0);
        await Assert.That(redirecting.Count).IsEqualTo(1);
    }

    [Test]
    public async Task BadAllowPrivateSettingIsAOneLineError()
    {
        var settings = DecnetSettings.Load(new Dictionary<string, string> { ["DECNET_WEBHOOK_ALLOW_PRIVATE"] = "maybe", ["HOME"] = Path.GetTempPath() });
        var e = Assert.Throws<IniFormatException>(() => WebhookSettings.From(settings));
        await Assert.That(e.Message).Contains("DECNET_WEBHOOK_ALLOW_PRIVATE");
    }
}
