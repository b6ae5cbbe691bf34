using System.Text;
using System.Text.Json;
using Decnet.Engine.Webhooks;

namespace Decnet.Tests.Webhooks;

/// <summary>The outbox and delivery loop against a real HTTP receiver on 127.0.0.1.</summary>
public class WebhookDeliveryTests
{
    [Test]
    public async Task DeliversSignedEnvelopeThatAnIndependentVerifierAccepts()
    {
        using var receiver = new LoopbackReceiver();
        await using var f = new WebhookFixture();
        var secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var plain = "a-plain-utf8-secret-0123456789";
        var a = f.Add("siem", receiver.Url(), ["attacker.>"], secret);
        var b = f.Add("chat", receiver.Url("/chat"), ["attacker.observed"], plain);
        f.Start();
        var e = WebhookFixture.Event(payload: "{\"ip\":\"203.0.113.9\",\"n\":[1,2]}");
        f.Dispatcher.Offer(a, e);
        f.Dispatcher.Offer(b, e);
        await WebhookFixture.Until(() => receiver.Count == 2, TimeSpan.FromSeconds(10), "two deliveries");

        foreach (var r in receiver.Requests)
        {
            var s = r.Path == "/chat" ? plain : secret;
            await Assert.That(ReceiverVerification.StandardWebhooks(r, s)).IsTrue();
            await Assert.That(ReceiverVerification.Decnet(r, s)).IsTrue();
            await Assert.That(ReceiverVerification.StandardWebhooks(r, "some-other-secret-value")).IsFalse();
            await Assert.That(r.Header("webhook-id")).IsEqualTo(e.Id);
            await Assert.That(r.Header("x-decnet-event-id")).IsEqualTo(e.Id);
            await Assert.That(r.Header("x-decnet-event-topic")).IsEqualTo("attacker.observed");
            await Assert.That(r.Header("x-decnet-timestamp")).IsEqualTo(r.Header("webhook-timestamp"));
            await Assert.That(r.Header("user-agent")).IsEqualTo("decnet-webhook/test");
            await Assert.That(r.Header("content-type")).StartsWith("application/json");
            using var doc = JsonDocument.Parse(r.Body);
            await Assert.That(doc.RootElement.GetProperty("v").GetInt32()).IsEqualTo(1);
            await Assert.That(doc.RootElement.GetProperty("id").GetString()).IsEqualTo(e.Id);
            await Assert.That(doc.RootElement.GetProperty("topic").GetString()).IsEqualTo("attacker.observed");
            await Assert.That(doc.RootElement.GetProperty("type").GetString()).IsEqualTo("attacker.observed");
            await Assert.That(doc.RootElement.GetProperty("payload").GetProperty("ip").GetString()).IsEqualTo("203.0.113.9");
            await Assert.That(Encoding.UTF8.GetString(r.Body)).DoesNotContain("\n");
        }
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 2, TimeSpan.FromSeconds(5), "delivered records");
    }

    [Test]
    public async Task RotatedSecretSignsWithOldAndNewDuringGrace()
    {
        using var receiver = new LoopbackReceiver();
        await using var f = new WebhookFixture();
        var sub = f.Add("rot", receiver.Url(), [">"], "old-secret-old-secret");
        sub = sub with { Secret = "new-secret-new-secret", PreviousSecret = "old-secret-old-secret", PreviousSecretUntil = DateTimeOffset.UtcNow.AddHours(1) };
        var result = await f.Sender.SendAsync(sub, "evt1", "system.webhook.test", "{}"u8.ToArray(), CancellationToken.None);
        await Assert.That(result.StatusCode).IsEqualTo(200);
        var r = receiver.Requests.Single();
        await Assert.That(ReceiverVerification.StandardWebhooks(r, "old-secret-old-secret")).IsTrue();
        await Assert.That(ReceiverVerification.StandardWebhooks(r, "new-secret-new-secret")).IsTrue();
        await Assert.That(ReceiverVerification.Decnet(r, "old-secret-old-secret")).IsTrue();
        await Assert.That(ReceiverVerification.Decnet(r, "new-secret-new-secret")).IsTrue();
        // After the grace period only the new one signs.
        var expired = sub with { PreviousSecretUntil = DateTimeOffset.UtcNow.AddSeconds(-1) };
        await f.Sender.SendAsync(expired, "evt2", "system.webhook.test", "{}"u8.ToArray(), CancellationToken.None);
        var r2 = receiver.Requests.Last();
        await Assert.That(ReceiverVerification.StandardWebhooks(r2, "old-secret-old-secret")).IsFalse();
        await Assert.That(ReceiverVerification.StandardWebhooks(r2, "new-secret-new-secret")).IsTrue();
    }

    [Test]
    public async Task ReceiverOutageLosesNothingAndDuplicatesKeepTheirId()
    {
        using var receiver = new LoopbackReceiver();
        await using var f = new WebhookFixture();
        var sub = f.Add("siem", receiver.Url(), ["attacker.>"]);
        f.Start();
        var sent = new List<string>();
        for (var i = 0; i < 50; i++) { var e = WebhookFixture.Event(); sent.Add(e.Id); f.Dispatcher.Offer(sub, e); }
        await WebhookFixture.Until(() => receiver.Count >= 50, TimeSpan.FromSeconds(10), "first 50");
        receiver.Stop();
        for (var i = 0; i < 200; i++)
        {
            var e = WebhookFixture.Event(); sent.Add(e.Id); f.Dispatcher.Offer(sub, e);
            if (i % 20 == 0) await Task.Delay(20);
        }
        await Task.Delay(500);
        await Assert.That(f.Deliveries(DeliveryStatus.Pending).Count).IsGreaterThan(0);
        receiver.Start();
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 250, TimeSpan.FromSeconds(30), "all 250 delivered after the outage");
        var ids = receiver.Requests.Select(r => r.Header("webhook-id")).ToArray();
        await Assert.That(ids.Distinct().OrderBy(x => x)).IsEquivalentTo(sent.OrderBy(x => x));
        // Every request carries one of the sent ids; a repeat (if any) repeats the id, so the receiver can drop it.
        foreach (var g in receiver.Requests.GroupBy(r => r.Header("webhook-id")))
            await Assert.That(g.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct().Count()).IsEqualTo(1);
    }

    [Test]
    public async Task EventMatchingTwoPatternsOfOneSubscriptionIsDeliveredOnce()
    {
        using var receiver = new LoopbackReceiver();
        await using var f = new WebhookFixture();
        var sub = f.Add("two", receiver.Url(), ["attacker.>", "attacker.observed"]);
        f.Start();
        var e = WebhookFixture.Event();
        f.Dispatcher.Offer(sub, e);
        f.Dispatcher.Offer(sub, e);
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 1, TimeSpan.FromSeconds(5), "delivered");
        await Task.Delay(200);
        await Assert.That(receiver.Count).IsEqualTo(1);
        await Assert.That(f.Dispatcher.Counters.Duplicates).IsEqualTo(1);
    }

    [Test]
    public async Task Status410IsFinalAfterOneAttempt()
    {
        using var receiver = new LoopbackReceiver(_ => new ReceiverAnswer(410));
        await using var f = new WebhookFixture();
        var sub = f.Add("gone", receiver.Url(), [">"]);
        f.Start();
        f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Failed).Count == 1, TimeSpan.FromSeconds(5), "failed");
        await Task.Delay(200);
        var d = f.Deliveries().Single();
        await Assert.That(d.Attempts).IsEqualTo(1);
        await Assert.That(d.LastStatusCode).IsEqualTo(410);
        await Assert.That(receiver.Count).IsEqualTo(1);
    }

    [Test]
    [Arguments(500)]
    [Arguments(503)]
    [Arguments(408)]
    [Arguments(429)]
    public async Task RetryableStatusesAreRetriedUntilSuccess(int status)
    {
        var calls = 0;
        using var receiver = new LoopbackReceiver(_ => Interlocked.Increment(ref calls) <= 2 ? new ReceiverAnswer(status) : ReceiverAnswer.Ok);
        await using var f = new WebhookFixture();
        var sub = f.Add("flaky", receiver.Url(), [">"]);
        f.Start();
        var e = WebhookFixture.Event();
        f.Dispatcher.Offer(sub, e);
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 1, TimeSpan.FromSeconds(10), "delivered after retries");
        var d = f.Deliveries().Single();
        await Assert.That(d.Attempts).IsEqualTo(3);
        await Assert.That(receiver.Requests.Select(r => r.Header("webhook-id")).Distinct().Single()).IsEqualTo(e.Id);
    }

    [Test]
    public async Task RetryAfterIsHonoured()
    {
        var calls = 0;
        using var receiver = new LoopbackReceiver(_ => Interlocked.Increment(ref calls) == 1
            ? new ReceiverAnswer(429, new Dictionary<string, string> { ["Retry-After"] = "1" }) : ReceiverAnswer.Ok);
        await using var f = new WebhookFixture(maxDelay: TimeSpan.FromSeconds(5));
        var sub = f.Add("slowdown", receiver.Url(), [">"]);
        f.Start();
        f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => receiver.Count == 2, TimeSpan.FromSeconds(10), "second attempt");
        var stamps = receiver.Requests.Select(r => r.ReceivedTimestamp).ToArray();
        var gap = System.Diagnostics.Stopwatch.GetElapsedTime(stamps[0], stamps[1]);
        await Assert.That(gap.TotalMilliseconds).IsGreaterThanOrEqualTo(950);
    }

    [Test]
    public async Task ReceiverThatNeverAnswersTimesOutAndStaysPending()
    {
        using var receiver = new LoopbackReceiver(_ => new ReceiverAnswer(0, Never: true));
        await using var f = new WebhookFixture(timeout: TimeSpan.FromMilliseconds(300));
        var sub = f.Add("mute", receiver.Url(), [">"]);
        f.Start();
        f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => f.Deliveries().SingleOrDefault() is { Attempts: >= 1 }, TimeSpan.FromSeconds(5), "a timed-out attempt");
        var d = f.Deliveries().Single();
        await Assert.That(d.Status).IsEqualTo(DeliveryStatus.Pending);
        await Assert.That(d.LastError!).Contains("timed out");
        await Assert.That(d.LastStatusCode).IsNull();
    }

    [Test]
    public async Task OversizedPayloadIsRecordedAsFailedAndNeverSent()
    {
        using var receiver = new LoopbackReceiver();
        await using var f = new WebhookFixture(limits: new WebhookLimits(MaxPayloadBytes: 1024) { PollInterval = TimeSpan.FromMilliseconds(20) });
        var sub = f.Add("big", receiver.Url(), [">"]);
        f.Start();
        f.Dispatcher.Offer(sub, WebhookFixture.Event(payload: "\"" + new string('x', 5000) + "\""));
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Failed).Count == 1, TimeSpan.FromSeconds(5), "failed record");
        await Task.Delay(100);
        await Assert.That(receiver.Count).IsEqualTo(0);
        await Assert.That(f.Deliveries().Single().LastError!).Contains("exceeds the 1024-byte limit");
    }

    [Test]
    public async Task GivesUpAfterTheWindowAndReplayDeliversTheDeadLetter()
    {
        using var receiver = new LoopbackReceiver(_ => new ReceiverAnswer(503));
        await using var f = new WebhookFixture(window: TimeSpan.FromMilliseconds(300));
        var sub = f.Add("dying", receiver.Url(), [">"]);
        f.Start();
        f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Dead).Count == 1, TimeSpan.FromSeconds(10), "dead letter");
        var dead = f.Deliveries().Single();
        await Assert.That(dead.Attempts).IsGreaterThan(1);
        receiver.Answer = _ => ReceiverAnswer.Ok;
        f.Store.Use(s => s.Webhooks.Requeue([dead], DateTimeOffset.UtcNow));
        f.Dispatcher.PollNow();
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 1, TimeSpan.FromSeconds(10), "replayed delivery");
        await Assert.That(receiver.Requests.Last().Header("webhook-id")).IsEqualTo(dead.EventId);
    }

    [Test]
    public async Task ShutdownLeavesInFlightAttemptsPendingAndTheNextRunDeliversThem()
    {
        using var receiver = new LoopbackReceiver(_ => new ReceiverAnswer(0, Never: true));
        await using var f = new WebhookFixture();
        var sub = f.Add("later", receiver.Url(), [">"]);
        f.Start();
        for (var i = 0; i < 5; i++) f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => receiver.Count == 5, TimeSpan.FromSeconds(5), "five attempts in flight");
        await f.StopAsync();
        var pending = f.Deliveries(DeliveryStatus.Pending);
        await Assert.That(pending.Count).IsEqualTo(5);
        await Assert.That(pending.All(d => d.Attempts == 0)).IsTrue();

        // A new run (idle mode: no bus at all) delivers from the outbox alone.
        receiver.Answer = _ => ReceiverAnswer.Ok;
        f.NewDispatcher();
        f.Start();
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 5, TimeSpan.FromSeconds(10), "delivered by the next run");
    }

    [Test]
    public async Task RateLimitSpacesDeliveries()
    {
        using var receiver = new LoopbackReceiver();
        await using var f = new WebhookFixture();
        var sub = f.Add("slow", receiver.Url(), [">"], rate: 10);
        f.Start();
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 25; i++) f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => receiver.Count == 25, TimeSpan.FromSeconds(10), "25 deliveries");
        // Burst of 10, then 10/s: 15 more take about 1.5 s.
        await Assert.That(started.Elapsed.TotalMilliseconds).IsGreaterThan(1300);
    }

    [Test]
    public async Task CircuitBreakerPausesAFailingReceiverWithoutDroppingEvents()
    {
        using var receiver = new LoopbackReceiver(_ => new ReceiverAnswer(500));
        await using var f = new WebhookFixture(limits: new WebhookLimits(Concurrency: 1)
        { PollInterval = TimeSpan.FromMilliseconds(20), BreakerFirstPause = TimeSpan.FromSeconds(1), BreakerMaxPause = TimeSpan.FromSeconds(1) });
        var sub = f.Add("broken", receiver.Url(), [">"]);
        f.Start();
        for (var i = 0; i < 40; i++) f.Dispatcher.Offer(sub, WebhookFixture.Event());
        await WebhookFixture.Until(() => receiver.Count >= CircuitBreaker.Threshold, TimeSpan.FromSeconds(5), "threshold failures");
        await Task.Delay(300);
        var during = receiver.Count;
        // Open: within the 1 s pause nothing more goes out (only the five that opened it).
        await Assert.That(during).IsLessThanOrEqualTo(CircuitBreaker.Threshold + 1);
        receiver.Answer = _ => ReceiverAnswer.Ok;
        await WebhookFixture.Until(() => f.Deliveries(DeliveryStatus.Delivered).Count == 40, TimeSpan.FromSeconds(15), "all 40 after the probe succeeded");
    }
}
