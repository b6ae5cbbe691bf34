using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Decnet.Bus;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Workers;

/// <summary>
/// The shared shell around every worker (DESIGN.md §7): wakes on bus events or the slow tick, heartbeats on
/// system.&lt;name&gt;.health, obeys system.&lt;name&gt;.control, restarts a failing tick with back-off 1 s → 30 s,
/// and keeps working on the slow tick alone when there is no bus (idle mode).
/// </summary>
public sealed class WorkerShell
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Worker _worker;
    private readonly IBus? _bus;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TimeSpan _slowTick;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task? _run;
    private volatile WorkerState _state = WorkerState.Starting;
    private volatile bool _paused;
    private long _ticks;
    private long _errors;
    private DateTimeOffset? _lastHeartbeat;
    private string? _lastError;

    public WorkerShell(Worker worker, IBus? bus, TimeProvider time, ILogger log, TimeSpan defaultSlowTick)
    {
        _worker = worker;
        _bus = bus;
        _time = time;
        _log = log;
        _slowTick = worker.SlowTick ?? defaultSlowTick;
    }

    public string Name => _worker.Name;

    public WorkerStatus Status()
    {
        lock (_gate) return new WorkerStatus(Name, _state, _lastHeartbeat, Interlocked.Read(ref _ticks), Interlocked.Read(ref _errors), _lastError);
    }

    public void Start() => _run ??= Task.Run(RunAsync);

    public void Wake() => _wake.Writer.TryWrite(true);

    public void Apply(WorkerAction action)
    {
        switch (action)
        {
            case WorkerAction.Pause: _paused = true; SetState(WorkerState.Paused); break;
            case WorkerAction.Resume: _paused = false; SetState(WorkerState.Running); Wake(); break;
            case WorkerAction.Tick: Wake(); break;
            case WorkerAction.Stop: _ = StopAsync(); break;
        }
        _log.LogInformation("worker {Worker}: {Action}", Name, action.ToString().ToLowerInvariant());
    }

    /// <summary>Cancels the worker, lets it flush, and waits for it (a tick is cancelled, not awaited to its end).</summary>
    public async Task StopAsync()
    {
        if (_run is null) { SetState(WorkerState.Stopped); return; }
        if (!_stop.IsCancellationRequested)
        {
            SetState(WorkerState.Stopping);
            _stop.Cancel();
        }
        try { await _run.ConfigureAwait(false); } catch (OperationCanceledException) { }
    }

    private void SetState(WorkerState state)
    {
        lock (_gate)
        {
            if (_state is WorkerState.Stopped) return;
            if (_state is WorkerState.Stopping && state is not WorkerState.Stopped) return;
            _state = state;
        }
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var context = new WorkerContext(_bus, _time, _log, Wake);
        if (_bus is null)
            _log.LogWarning("worker {Worker}: bus unavailable, working on the slow tick ({Tick}s) only", Name, _slowTick.TotalSeconds);
        var subscriptions = SubscribeAll(ct);
        var heartbeat = HeartbeatLoopAsync(ct);
        var consecutiveFailures = 0;
        var started = false;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    if (!started)
                    {
                        await _worker.StartAsync(context, ct).ConfigureAwait(false);
                        started = true;
                        SetState(_paused ? WorkerState.Paused : WorkerState.Running);
                    }
                    if (!_paused)
                    {
                        await _worker.TickAsync(context, ct).ConfigureAwait(false);
                        Interlocked.Increment(ref _ticks);
                        consecutiveFailures = 0;
                        if (_state == WorkerState.BackingOff) SetState(WorkerState.Running);
                    }
                    await WaitForWakeAsync(_slowTick, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    consecutiveFailures++;
                    // State first, then the count: whoever sees the error counted also sees the back-off.
                    SetState(WorkerState.BackingOff);
                    lock (_gate) _lastError = e.Message;
                    Interlocked.Increment(ref _errors);
                    var delay = Backoff(consecutiveFailures);
                    _log.LogError(e, "worker {Worker}: {Phase} failed ({Message}); retrying in {Delay}s", Name, started ? "tick" : "start", e.Message, delay.TotalSeconds);
                    try { await Task.Delay(delay, _time, ct).ConfigureAwait(false); }
                    catch (OperationCanceledException) { break; }
                }
            }
        }
        finally
        {
            if (started)
            {
                // Flush gets its own short budget: everything acknowledged must reach the disk.
                using var flush = new CancellationTokenSource(TimeSpan.FromSeconds(4));
                try { await _worker.StopAsync(context, flush.Token).ConfigureAwait(false); }
                catch (Exception e) { _log.LogError(e, "worker {Worker}: stop failed: {Message}", Name, e.Message); }
            }
            foreach (var s in subscriptions) s.Dispose();
            try { await heartbeat.ConfigureAwait(false); } catch (OperationCanceledException) { }
            lock (_gate) _state = WorkerState.Stopped;
        }
    }

    public static TimeSpan Backoff(int consecutiveFailures)
    {
        var seconds = Math.Min(MaxBackoff.TotalSeconds, MinBackoff.TotalSeconds * Math.Pow(2, Math.Max(0, consecutiveFailures - 1)));
        return TimeSpan.FromSeconds(seconds);
    }

    private async Task WaitForWakeAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try { await _wake.Reader.ReadAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { /* slow tick */ }
    }

    private List<BusSubscription> SubscribeAll(CancellationToken ct)
    {
        var subs = new List<BusSubscription>();
        if (_bus is null) return subs;
        var control = _bus.Subscribe(Topics.SystemWorkerControl(Name), 64);
        subs.Add(control);
        _ = PumpAsync(control, isControl: true, ct);
        foreach (var pattern in _worker.WakePatterns)
        {
            var s = _bus.Subscribe(pattern, 1024);
            subs.Add(s);
            _ = PumpAsync(s, isControl: false, ct);
        }
        return subs;
    }

    private async Task PumpAsync(BusSubscription subscription, bool isControl, CancellationToken ct)
    {
        try
        {
            await foreach (var envelope in subscription.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (!isControl) { Wake(); continue; }
                if (TryReadAction(envelope.Payload.Span, out var action)) Apply(action);
                else _log.LogWarning("worker {Worker}: ignored control message {Payload}", Name, Encoding.UTF8.GetString(envelope.Payload.Span));
            }
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    /// <summary>Control payload: {"action":"stop|pause|resume|tick"}.</summary>
    public static bool TryReadAction(ReadOnlySpan<byte> json, out WorkerAction action)
    {
        action = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("action"u8) && reader.Read()
                    && reader.TokenType == JsonTokenType.String)
                    return WorkerActions.TryParse(reader.GetString()!, out action);
            }
        }
        catch (JsonException) { }
        return false;
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Heartbeat();
            try { await Task.Delay(HeartbeatInterval, _time, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    private void Heartbeat()
    {
        var now = _time.GetUtcNow();
        WorkerStatus status;
        lock (_gate) { _lastHeartbeat = now; }
        status = Status();
        if (_bus is null) return;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("worker", Name);
            w.WriteString("state", status.State.Name());
            w.WriteNumber("ticks", status.Ticks);
            w.WriteNumber("errors", status.Errors);
            w.WriteString("ts", Decnet.Engine.Ingest.IsoTimestamp.Format(now));
            w.WriteEndObject();
        }
        _bus.Publish(Topics.SystemWorkerHealth(Name), "worker.health", buffer.WrittenMemory);
    }
}
