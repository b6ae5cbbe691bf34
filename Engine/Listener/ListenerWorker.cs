using Decnet.Engine.Workers;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Listener;

/// <summary>The `listener` worker: owns the syslog sockets; its tick reports counters.</summary>
public sealed class ListenerWorker(ListenerEndpoints endpoints, MessageIntake intake, Action<ListenerEndpoints>? onBound = null, Action<Exception>? onBindFailed = null) : Worker
{
    public const string WorkerName = "listener";
    private SyslogListener? _listener;
    private long _lastReceived;

    public override string Name => WorkerName;

    public ListenerEndpoints? Bound => _listener?.Bound;

    public override Task StartAsync(WorkerContext context, CancellationToken ct)
    {
        var listener = new SyslogListener(intake, context.Log);
        try { listener.Start(endpoints); }
        catch (ListenerConfigException e)
        {
            onBindFailed?.Invoke(e);
            throw;
        }
        _listener = listener;
        context.Log.LogInformation("listening for syslog on {Endpoints}", string.Join(", ", listener.Bound.Describe()));
        onBound?.Invoke(listener.Bound);
        return Task.CompletedTask;
    }

    public override Task TickAsync(WorkerContext context, CancellationToken ct)
    {
        var received = intake.Received;
        if (received != _lastReceived)
            context.Log.LogInformation("listener: {Received} messages received, {Malformed} malformed, {Dropped} dropped (queue full)",
                received, intake.Malformed, intake.Dropped);
        _lastReceived = received;
        return Task.CompletedTask;
    }

    public override async Task StopAsync(WorkerContext context, CancellationToken ct)
    {
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
        _listener = null;
    }
}
