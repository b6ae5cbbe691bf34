using Decnet.Engine.Webhooks;
using Decnet.Storage.Codecs;

namespace Decnet.Tests.Webhooks;

/// <summary>DESIGN.md §6: every record type round-trips through its codec.</summary>
public class WebhookCodecTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 1, 2, 3, 456, TimeSpan.Zero);

    [Test]
    public async Task SubscriptionRoundTrips()
    {
        var full = new WebhookSubscription("wh_0a1b2c3d4e5f", "siem", "https://siem.example/hook", ["campaign.>", "identity.formed"], "whsec_AAAA",
            "old-secret-old-secret", T.AddHours(24).AddTicks(7), true, 12.5, false, T.AddTicks(3));
        var back = WebhookSubscriptionCodec.Decode(WebhookSubscriptionCodec.Encode(full));
        await Assert.That(back with { Patterns = full.Patterns }).IsEqualTo(full);
        await Assert.That(back.Patterns).IsEquivalentTo(full.Patterns);
        var minimal = full with { PreviousSecret = null, PreviousSecretUntil = null, RatePerSecond = null, AllowPrivate = false, Enabled = true };
        var back2 = WebhookSubscriptionCodec.Decode(WebhookSubscriptionCodec.Encode(minimal));
        await Assert.That(back2 with { Patterns = minimal.Patterns }).IsEqualTo(minimal);
    }

    [Test]
    public async Task DeliveryRoundTrips()
    {
        var d = new WebhookDelivery("wh_1:01J", "wh_1", "siem", "01J", "attacker.observed", T, T.AddMinutes(1), "{\"v\":1}"u8.ToArray(),
            DeliveryStatus.Pending, 3, T.AddSeconds(8).AddTicks(1), 503, "HTTP 503", 12.345, null);
        var back = WebhookDeliveryCodec.Decode(WebhookDeliveryCodec.Encode(d));
        await Assert.That(back with { Body = d.Body }).IsEqualTo(d);
        await Assert.That(back.Body.ToArray()).IsEquivalentTo(d.Body.ToArray());
        var done = d with { Status = DeliveryStatus.Delivered, LastStatusCode = 200, LastError = null, CompletedAt = T.AddSeconds(9) };
        var doc = WebhookDeliveryCodec.Encode(done);
        await Assert.That(doc[WebhookDeliveryCodec.QueueKeyField].AsString).IsEqualTo("X|wh_1:01J");
        var back2 = WebhookDeliveryCodec.Decode(doc);
        await Assert.That(back2 with { Body = d.Body }).IsEqualTo(done);
    }

    [Test]
    public async Task BrokenDocumentNamesTheField()
    {
        var doc = WebhookDeliveryCodec.Encode(new WebhookDelivery("a:b", "a", "n", "b", "t", T, T, Array.Empty<byte>(), DeliveryStatus.Dead, 1, T, null, null, null, T));
        doc["status"] = "weird";
        var e = Assert.Throws<StoreFormatException>(() => WebhookDeliveryCodec.Decode(doc));
        await Assert.That(e.Message).Contains("status");
    }
}
