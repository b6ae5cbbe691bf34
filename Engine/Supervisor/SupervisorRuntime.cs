using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Config;
using Decnet.Engine.GeoIp;
using Decnet.Engine.Ingest;
using Decnet.Engine.Listener;
using Decnet.Engine.Profiler;
using Decnet.Engine.Webhooks;
using Decnet.Engine.Workers;
using Decnet.Storage;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Supervisor;

/// <summary>What `decnet supervise` runs with: which workers, on which syslog endpoints.</summary>
public sealed record SupervisorOptions(DecnetSettings Settings, IReadOnlySet<string>? Only, ListenerEndpoints Listeners, string Version,
    Decnet.Engine.Emailgen.IMailDeckySource? MailDeckies = null);

/// <summary>
/// One process that owns the store, runs the bus broker (inproc for workers, CURVE-authenticated TCP for other
/// processes), the workers, and the control channel through which other invocations reach the store.
/// </summary>
public sealed class SupervisorRuntime : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> KnownWorkers = [ProfilerWorker.WorkerName, ListenerWorker.WorkerName, GeoReloadWorker.WorkerName, Decnet.Engine.Emailgen.EmailgenWorker.WorkerName, WebhookWorker.WorkerName, Clustering.ClustererWorker.WorkerName, Clustering.CampaignClustererWorker.WorkerName];

    private readonly ILogger _log;
    private readonly BusBroker? _broker;
    private readonly BusClient? _bus;
    private readonly ControlServer _control;
    private readonly MessageIntake? _intake;
    private readonly TaskCompletionSource<ListenerEndpoints?> _listenerReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SupervisorInfo _info;
    private int _disposed;

    public StoreGate Store { get; }
    public WorkerSupervisor Workers { get; }
    public EventQueue Queue { get; }
    public AttackerIngestor Ingestor { get; }
    public IBus? Bus => _bus;
    public SupervisorInfo Info => _info;
    public MessageIntake? Intake => _intake;

    /// <summary>The bound syslog endpoints (null without a listener worker); faults when binding failed.</summary>
    public Task<ListenerEndpoints?> ListenerReady => _listenerReady.Task;
    public string DataDir { get; }

    public T WithStore<T>(Func<DecnetStore, T> action) => Store.Use(action);

    private SupervisorRuntime(SupervisorOptions options, TimeProvider time, ILoggerFactory logs,
        Func<SupervisorRuntime, IReadOnlyList<string>, CancellationToken, Task<ExecReply>> exec)
    {
        _log = logs.CreateLogger("decnet.supervise");
        var settings = options.Settings;
        DataDir = settings.DataDir;
        var only = options.Only ?? KnownWorkers.ToHashSet();

        Store = new StoreGate(DecnetStore.Open(DataDir, "supervise", time, logs.CreateLogger("decnet.store")));
        try
        {
            var credentials = BusCredentials.LoadOrCreate(settings.BusKeyFile);
            try
            {
                _broker = BusBroker.Start(credentials, settings.Get(SettingCatalog.BusHost));
                _bus = BusClient.ConnectInproc(_broker.InprocEndpoints, time);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Idle mode: the workers keep going on their slow tick; each logs one warning.
                _log.LogWarning("bus broker failed to start ({Message}); workers run without a bus", e.Message);
                _broker?.Dispose();
                _broker = null;
            }

            Queue = new EventQueue(settings.EventQueueCapacity);
            var geo = GeoSource.Open(settings.GeoipEnabled, settings.GeoipDir, logs.CreateLogger("decnet.geoip"));
            Ingestor = new AttackerIngestor(Store, _bus, geo);
            var workers = new List<Worker>();
            if (geo is not null && only.Contains(GeoReloadWorker.WorkerName)) workers.Add(new GeoReloadWorker(geo));
            if (only.Contains(ProfilerWorker.WorkerName)) workers.Add(new ProfilerWorker(Queue, Ingestor));
            if (only.Contains(Decnet.Engine.Emailgen.EmailgenWorker.WorkerName)) workers.Add(Decnet.Engine.Emailgen.EmailgenWorker.Create(options.MailDeckies ?? new Decnet.Engine.Emailgen.TopologyMailDeckies(Store), Store, settings, logs, time));
            var identityClusterer = new Clustering.IdentityClusterer(time, logs.CreateLogger("decnet.clusterer"));
            if (only.Contains(Clustering.ClustererWorker.WorkerName)) workers.Add(new Clustering.ClustererWorker(Store, identityClusterer));
            if (only.Contains(Clustering.CampaignClustererWorker.WorkerName)) workers.Add(new Clustering.CampaignClustererWorker(Store, new Clustering.CampaignClusterer(time, logs.CreateLogger("decnet.campaign-clusterer")), identityClusterer));
            if (only.Contains(ListenerWorker.WorkerName))
            {
                _intake = new MessageIntake(time, logs.CreateLogger("decnet.listener"), Queue.TryEnqueue);
                workers.Add(new ListenerWorker(options.Listeners, _intake,
                    bound => { UpdateInfo(i => i with { Listeners = bound.Describe() }); _listenerReady.TrySetResult(bound); },
                    failure => _listenerReady.TrySetException(failure)));
            }
            else
            {
                _listenerReady.TrySetResult(null);
            }
            if (only.Contains(WebhookWorker.WorkerName)) workers.Add(WebhookWorker.Create(Store, settings, options.Version, time));
            Workers = new WorkerSupervisor(workers, _bus, time, logs, settings.WorkerTick);

            _control = ControlServer.Start(credentials, (op, body, ct) => HandleAsync(op, body, exec, ct), settings.Get(SettingCatalog.BusHost));
            _info = new SupervisorInfo(Environment.ProcessId, time.GetUtcNow(), options.Version, DataDir,
                _broker?.Endpoints.Publish, _broker?.Endpoints.Subscribe, _control.Endpoint,
                [], Workers.Names);
            _info.Write(DataDir);
        }
        catch
        {
            _bus?.Dispose();
            _broker?.Dispose();
            Store.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store (throws <see cref="StoreLockedException"/> when owned elsewhere) and starts everything.</summary>
    public static SupervisorRuntime Start(SupervisorOptions options, TimeProvider time, ILoggerFactory logs,
        Func<SupervisorRuntime, IReadOnlyList<string>, CancellationToken, Task<ExecReply>> exec)
    {
        var runtime = new SupervisorRuntime(options, time, logs, exec);
        runtime.Workers.StartAll();
        return runtime;
    }

    private readonly Lock _infoLock = new();

    private void UpdateInfo(Func<SupervisorInfo, SupervisorInfo> change)
    {
        lock (_infoLock)
        {
            _info = change(_info);
            _info.Write(DataDir);
        }
    }

    private async Task<byte[]> HandleAsync(string op, ReadOnlyMemory<byte> body,
        Func<SupervisorRuntime, IReadOnlyList<string>, CancellationToken, Task<ExecReply>> exec, CancellationToken ct)
    {
        switch (op)
        {
            case ControlOps.Ping:
                return "{}"u8.ToArray();
            case ControlOps.Exec:
            {
                var request = JsonSerializer.Deserialize(body.Span, SupervisorJson.Default.ExecRequest)
                    ?? throw new InvalidDataException("exec: empty request");
                var reply = await exec(this, request.Argv, ct).ConfigureAwait(false);
                return JsonSerializer.SerializeToUtf8Bytes(reply, SupervisorJson.Default.ExecReply);
            }
            case ControlOps.Ingest:
            {
                var events = JsonlBatch.Parse(body.Span, out var malformed);
                if (malformed > 0) _log.LogWarning("ingest over control channel: {Malformed} malformed lines skipped", malformed);
                var result = Ingestor.Ingest(events);
                return JsonSerializer.SerializeToUtf8Bytes(new IngestReply(result.Accepted, result.Duplicates, result.NewIps.Count), SupervisorJson.Default.IngestReply);
            }
            case ControlOps.Publish:
            {
                var envelope = EnvelopeCodec.Decode(body);
                if (_bus is null) throw new InvalidOperationException("the supervisor runs without a bus (idle mode)");
                _bus.PublishEnvelope(envelope);
                return "{}"u8.ToArray();
            }
            default:
                throw new InvalidDataException($"unknown control operation '{op}'");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _control.Dispose();
        await Workers.StopAllAsync().ConfigureAwait(false);
        _bus?.Dispose();
        _broker?.Dispose();
        Store.Dispose();
        SupervisorInfo.Remove(DataDir);
        _log.LogInformation("supervisor stopped; store closed");
    }
}

public static class ControlOps
{
    public const string Ping = "ping";
    public const string Exec = "exec";
    public const string Ingest = "ingest";
    public const string Publish = "publish";
}
