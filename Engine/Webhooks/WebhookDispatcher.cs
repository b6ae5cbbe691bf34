using System.Collections.Concurrent;
using System.Threading.Channels;
using Decnet.Bus;
using Decnet.Engine.Supervisor;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// The delivery loop. Matching events become outbox records (one transaction per batch) before any attempt; fresh
/// records go straight to the attempt queue, while retries and anything left by a previous run are read back from
/// the outbox when due. Attempts run concurrently up to <see cref="WebhookLimits.Concurrency"/>, under each
/// subscription's rate limit and circuit breaker; outcomes are written back in batches. One thread of control (the
/// loop) owns all state; attempts only report back through a queue.
/// </summary>
public sealed class WebhookDispatcher
{
    private readonly StoreGate _store;
    private readonly WebhookSender _sender;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly WebhookLimits _limits;
    private readonly Channel<(WebhookSubscription Sub, BusEnvelope Event)> _intake;
    private readonly ConcurrentQueue<(WebhookDelivery Delivery, AttemptResult Result)> _completions = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, SubscriptionQueue> _queues = new(StringComparer.Ordinal);
    private readonly CircuitBreaker _breaker;
    private readonly RateLimiter _rate;
    private volatile IReadOnlyDictionary<string, WebhookSubscription> _subscriptions = new Dictionary<string, WebhookSubscription>();
    private int _inFlight;
    private DateTimeOffset _nextPoll;
    private bool _pollAgain;

    private sealed class SubscriptionQueue
    {
        public readonly Queue<WebhookDelivery> Ready = new();
        public readonly HashSet<string> Claimed = new(StringComparer.Ordinal);
        public int InFlight;
        /// <summary>The outbox holds due deliveries not yet claimed (a full page, or fresh ones past the claim limit).</summary>
        public bool MoreDue;
    }

    public WebhookDispatcher(StoreGate store, WebhookSender sender, RetryPolicy retry, TimeProvider time, ILogger log, WebhookLimits? limits = null)
    {
        _store = store;
        _sender = sender;
        _retry = retry;
        _time = time;
        _log = log;
        _limits = limits ?? new WebhookLimits();
        _breaker = new CircuitBreaker(time, _limits.BreakerFirstPause, _limits.BreakerMaxPause);
        _rate = new RateLimiter(time);
        _intake = Channel.CreateBounded<(WebhookSubscription, BusEnvelope)>(
            new BoundedChannelOptions(_limits.IntakeCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref Counters.IntakeDroppedCount));
    }

    public WebhookCounters Counters { get; } = new();

    /// <summary>Attempts running right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Replaces the subscription set (any thread); the loop picks it up on its next turn.</summary>
    public void SetSubscriptions(IEnumerable<WebhookSubscription> subscriptions)
    {
        _subscriptions = subscriptions.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _pollAgain = true;
        Signal();
    }

    /// <summary>Hands a matching event to the loop (any thread, never blocks); false when the intake queue is full.</summary>
    public bool Offer(WebhookSubscription sub, BusEnvelope envelope)
    {
        if (!_intake.Writer.TryWrite((sub, envelope))) return false;
        Signal();
        return true;
    }

    /// <summary>Makes the loop look at the outbox now (e.g. after a replay).</summary>
    public void PollNow()
    {
        _pollAgain = true;
        Signal();
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>Runs until cancelled. On the way out, stored events and finished attempts are written; attempts cut
    /// short stay pending on disk and are retried by the next run.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var worked = StoreIntake(1024);
                if (CompletionsDue()) worked |= WriteCompletions();
                var now = _time.GetUtcNow();
                if (_pollAgain || now >= _nextPoll || RefillDue()) Poll(now);
                StartAttempts(ct);
                if (worked || _pollAgain) continue;
                _store.Use(s => { s.Webhooks.FlushDeliveries(onlyIfDue: true); return 0; });
                await WaitAsync(NextWake(), ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            // Let attempts that are finishing report (they were cancelled with ct), then write what is known.
            var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(2);
            while (_completions.Count < Volatile.Read(ref _inFlight) && _time.GetUtcNow() < deadline)
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            try
            {
                while (StoreIntake(4096)) { }
                WriteCompletions();
                _store.Use(s => { s.Webhooks.FlushDeliveries(); return 0; });
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                _log.LogWarning("webhook: could not write the last outcomes on shutdown ({Message}); those deliveries stay pending", e.Message);
            }
        }
    }

    /// <summary>
    /// Outcomes are written in batches (one transaction each): when enough have gathered, when the oldest has waited
    /// <see cref="CompletionBatchDelay"/>, or when nothing else is in flight. Their deliveries stay claimed until then,
    /// so a poll cannot pick them up twice; the batching costs the receiver no latency.
    /// </summary>
    private bool CompletionsDue()
    {
        var count = _completions.Count;
        if (count == 0) { _firstCompletionAt = 0; return false; }
        if (_firstCompletionAt == 0) _firstCompletionAt = _time.GetTimestamp();
        return count >= CompletionBatch || count >= Volatile.Read(ref _inFlight)
            || _time.GetElapsedTime(_firstCompletionAt) >= CompletionBatchDelay;
    }

    private const int CompletionBatch = 32;
    private static readonly TimeSpan CompletionBatchDelay = TimeSpan.FromMilliseconds(5);
    private long _firstCompletionAt;

    private TimeSpan NextWake()
    {
        var wait = _nextPoll - _time.GetUtcNow();
        if (_firstCompletionAt != 0)
        {
            var flush = CompletionBatchDelay - _time.GetElapsedTime(_firstCompletionAt);
            if (flush < wait) wait = flush;
        }
        foreach (var (id, q) in _queues)
        {
            if (q.Ready.Count == 0 || !_subscriptions.TryGetValue(id, out var sub)) continue;
            var next = _rate.UntilNext(id, sub.RatePerSecond);
            if (next < wait) wait = next;
        }
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }

    private async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_signal.Reader.TryRead(out _)) return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try { await _signal.Reader.ReadAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    /// <summary>Turns queued events into outbox records (one transaction) and queues the new ones for an attempt.</summary>
    private bool StoreIntake(int max)
    {
        List<WebhookDelivery>? batch = null;
        var now = _time.GetUtcNow();
        while (batch is null || batch.Count < max)
        {
            if (!_intake.Reader.TryRead(out var item)) break;
            batch ??= [];
            batch.Add(NewDelivery(item.Sub, item.Event, now));
        }
        if (batch is null) return false;
        var added = _store.Use(s => s.Webhooks.AddDeliveries(batch));
        Interlocked.Add(ref Counters.StoredCount, added.Count);
        Interlocked.Add(ref Counters.DuplicateCount, batch.Count - added.Count);
        foreach (var d in added)
        {
            if (d.Status != DeliveryStatus.Pending) { Interlocked.Increment(ref Counters.FailedCount); continue; }
            if (!_subscriptions.TryGetValue(d.SubscriptionId, out var sub) || !sub.Enabled) continue;
            var q = Queue(d.SubscriptionId);
            if (q.Claimed.Count >= _limits.ClaimPerSubscription || _breaker.PausedUntil(d.SubscriptionId) is not null) { q.MoreDue = true; continue; }
            q.Claimed.Add(d.Id);
            q.Ready.Enqueue(d);
        }
        return true;
    }

    private WebhookDelivery NewDelivery(WebhookSubscription sub, BusEnvelope e, DateTimeOffset now)
    {
        var body = WebhookBody.Encode(e);
        var tooBig = body.Length > _limits.MaxPayloadBytes;
        return new WebhookDelivery(WebhookDelivery.MakeId(sub.Id, e.Id), sub.Id, sub.Name, e.Id, e.Topic, now, now,
            tooBig ? Array.Empty<byte>() : body,
            tooBig ? DeliveryStatus.Failed : DeliveryStatus.Pending, 0, now, null,
            tooBig ? $"payload of {body.Length} bytes exceeds the {_limits.MaxPayloadBytes}-byte limit; not sent" : null, null,
            tooBig ? now : null);
    }

    private SubscriptionQueue Queue(string id)
    {
        if (!_queues.TryGetValue(id, out var q)) _queues[id] = q = new SubscriptionQueue();
        return q;
    }

    /// <summary>Reads due deliveries of every enabled subscription that has room and is not paused by its breaker.</summary>
    private void Poll(DateTimeOffset now)
    {
        _pollAgain = false;
        _nextPoll = now + _limits.PollInterval;
        var subs = _subscriptions;
        foreach (var id in _queues.Keys.Where(id => !subs.ContainsKey(id)).ToArray())
            if (_queues[id].InFlight == 0) _queues.Remove(id);
        foreach (var sub in subs.Values)
        {
            if (!sub.Enabled) continue;
            if (_breaker.PausedUntil(sub.Id) is { } until && until > now) continue;
            var q = Queue(sub.Id);
            // Read a page only when most of the last one is used up: every page read decodes the claimed ones again.
            if (q.Claimed.Count > _limits.ClaimPerSubscription / 4) continue;
            var room = _limits.ClaimPerSubscription - q.Claimed.Count;
            var limit = q.Claimed.Count + room;
            var due = _store.Use(s => s.Webhooks.DuePage(sub.Id, now, limit));
            var taken = 0;
            foreach (var d in due)
            {
                if (!q.Claimed.Add(d.Id)) continue;
                q.Ready.Enqueue(d);
                taken++;
            }
            // A full page means more is due: come back as soon as this page is mostly used up (see RefillDue),
            // not after the poll interval (that capped a backlog drain at one page per interval).
            q.MoreDue = due.Count == limit;
            if (q.MoreDue && taken > 0 && q.Claimed.Count <= _limits.ClaimPerSubscription / 4) _pollAgain = true;
        }
    }

    /// <summary>Some subscription has more due in the outbox and has used up most of what it claimed.</summary>
    private bool RefillDue()
    {
        foreach (var q in _queues.Values)
            if (q.MoreDue && q.Claimed.Count <= _limits.ClaimPerSubscription / 4) return true;
        return false;
    }

    private void StartAttempts(CancellationToken ct)
    {
        var progress = true;
        while (progress && Volatile.Read(ref _inFlight) < _limits.Concurrency)
        {
            progress = false;
            foreach (var (id, q) in _queues)
            {
                if (q.Ready.Count == 0) continue;
                if (!_subscriptions.TryGetValue(id, out var sub) || !sub.Enabled) { Release(q); continue; }
                if (_breaker.IsOpen(id))
                {
                    if (q.InFlight > 0) continue;
                    if (_breaker.PausedUntil(id) > _time.GetUtcNow()) { Release(q); continue; }
                }
                if (!_rate.TryTake(id, sub.RatePerSecond)) continue;
                if (!_breaker.TryAdmit(id)) { Release(q); continue; }
                var delivery = q.Ready.Dequeue();
                q.InFlight++;
                Interlocked.Increment(ref _inFlight);
                // Signing and the start of the request run on the thread pool, not on this loop: the loop's store
                // writes and the HTTP work then use both cores instead of taking turns.
                _ = Task.Run(() => AttemptAsync(sub, delivery, ct), CancellationToken.None);
                progress = true;
                if (Volatile.Read(ref _inFlight) >= _limits.Concurrency) break;
            }
        }
    }

    /// <summary>Drops the not-yet-started deliveries from memory: they stay pending in the outbox.</summary>
    private static void Release(SubscriptionQueue q)
    {
        while (q.Ready.TryDequeue(out var d)) q.Claimed.Remove(d.Id);
    }

    private async Task AttemptAsync(WebhookSubscription sub, WebhookDelivery delivery, CancellationToken ct)
    {
        try
        {
            var result = await _sender.SendAsync(sub, delivery.EventId, delivery.Topic, delivery.Body, ct).ConfigureAwait(false);
            _completions.Enqueue((delivery, result));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: the record stays pending on disk and is retried by the next run.
            _completions.Enqueue((delivery, default(AttemptResult) with { Error = null, LatencyMs = -1 }));
        }
        catch (Exception e)
        {
            _completions.Enqueue((delivery, new AttemptResult(null, 0, null, e.Message)));
        }
        finally
        {
            // The slot is given back when the outcome is judged (WriteCompletions), so the breaker and rate state
            // that decide the next attempt already know this one's result.
            Signal();
        }
    }

    /// <summary>Judges finished attempts and writes their outcomes in one transaction.</summary>
    private bool WriteCompletions()
    {
        _firstCompletionAt = 0;
        if (_completions.IsEmpty) return false;
        var now = _time.GetUtcNow();
        var updates = new List<WebhookDelivery>();
        while (_completions.TryDequeue(out var c))
        {
            var (d, r) = c;
            Interlocked.Decrement(ref _inFlight);
            if (_queues.TryGetValue(d.SubscriptionId, out var q)) { q.InFlight--; q.Claimed.Remove(d.Id); }
            if (r.LatencyMs < 0) continue; // cancelled by shutdown: left as it was
            var attempts = d.Attempts + 1;
            var verdict = _retry.Judge(r, d.WindowStart, now);
            var error = r.Error ?? (r.StatusCode is { } code && !r.Succeeded ? $"HTTP {code}" : null);
            var updated = d with { Attempts = attempts, LastStatusCode = r.StatusCode, LastError = error, LastLatencyMs = Math.Round(r.LatencyMs, 3) };
            switch (verdict)
            {
                case AttemptVerdict.Delivered:
                    _breaker.Success(d.SubscriptionId);
                    updated = updated with { Status = DeliveryStatus.Delivered, CompletedAt = now, LastError = null };
                    Interlocked.Increment(ref Counters.DeliveredCount);
                    break;
                case AttemptVerdict.Retry:
                    updated = updated with { NextAttemptAt = now + _retry.NextDelay(attempts, r.RetryAfter) };
                    Interlocked.Increment(ref Counters.RetriedCount);
                    BreakerFailure(d);
                    break;
                case AttemptVerdict.Final:
                    updated = updated with { Status = DeliveryStatus.Failed, CompletedAt = now };
                    Interlocked.Increment(ref Counters.FailedCount);
                    // The receiver answered: it is up, so this is no reason to pause the subscription.
                    if (r.StatusCode is not null) _breaker.Success(d.SubscriptionId);
                    _log.LogWarning("webhook {Name}: delivery {Id} failed for good: {Error}", d.SubscriptionName, d.Id, error);
                    break;
                case AttemptVerdict.Dead:
                    updated = updated with { Status = DeliveryStatus.Dead, CompletedAt = now };
                    Interlocked.Increment(ref Counters.DeadCount);
                    BreakerFailure(d);
                    _log.LogWarning("webhook {Name}: delivery {Id} is dead after {Attempts} attempts over {Hours:0}h ({Error}); 'decnet webhook replay' resends it",
                        d.SubscriptionName, d.Id, attempts, (now - d.WindowStart).TotalHours, error);
                    break;
            }
            updates.Add(updated);
        }
        // Outcomes need no fsync each (see WebhookOutbox): losing one to a power cut means a resend with the same webhook-id.
        if (updates.Count > 0) _store.Use(s => { s.Webhooks.SaveDeliveries(updates, durable: false); return 0; });
        return true;
    }

    private void BreakerFailure(WebhookDelivery d)
    {
        if (!_breaker.Failure(d.SubscriptionId)) return;
        var until = _breaker.PausedUntil(d.SubscriptionId);
        _log.LogWarning("webhook {Name}: receiver failing, paused until {Until:HH:mm:ss}Z then probed; events keep being stored", d.SubscriptionName, until?.UtcDateTime);
    }
}
