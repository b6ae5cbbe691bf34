using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// The bus broker that runs inside <c>decnet supervise</c>. In-process clients go through its in-memory
/// <see cref="BusHub"/> (see there for why). Other processes PUSH into a PULL socket and read from an XPUB
/// socket, both on a TCP endpoint on 127.0.0.1 secured with CURVE; messages there are [topic, batch] (see
/// <see cref="EnvelopeBatch"/>). The broker thread delivers what comes in on PULL to the hub's local
/// subscriptions and forwards it to XPUB, and sends the hub's envelopes to XPUB when an outside subscriber
/// wants them. NetMQ's <c>ipc://</c> is TCP underneath on Linux, so file permissions would protect nothing:
/// authentication is CURVE, and the credential is knowledge of the server key (see <see cref="BusCredentials"/>).
/// </summary>
/// <remarks>
/// The sockets are also bound to <c>inproc://</c> endpoints, for a raw NetMQ peer in the process (inproc runs no
/// handshake, so the CURVE server role does not affect it); <see cref="BusClient.ConnectInproc"/> uses the hub.
/// Why PUSH/PULL in rather than PUB/XSUB: a PUB socket drops silently when its queue is full (NetMQ has no
/// XPUB_NODROP), whereas the publisher's bounded queue in front of its PUSH socket counts every drop.
/// The XPUB side drops per subscriber when that subscriber's pipe is full; that drop cannot be observed, so those
/// pipes are deep (<see cref="BusLimits.FanOutHighWatermark"/>) and each client's receive thread empties its pipe
/// into its subscriptions' counted queues.
/// </remarks>
public sealed class BusBroker : IDisposable
{
    private static readonly ConcurrentDictionary<BusEndpoints, BusBroker> Live = new();

    private readonly PullSocket _frontend;
    private readonly XPublisherSocket _backend;
    private readonly NetMQQueue<byte> _hubReady;
    private readonly NetMQPoller _poller;
    private readonly BusHub _hub;

    // Broker-thread state.
    private readonly HashSet<string> _externalPrefixes = new(StringComparer.Ordinal);
    private readonly BatchFrameEncoder _encoder = new();
    private readonly BatchFrameDecoder _decoder = new();

    private long _forwarded;
    private long _malformed;
    private int _disposed;

    private BusBroker(PullSocket frontend, XPublisherSocket backend, BusEndpoints endpoints, BusEndpoints inproc)
    {
        _frontend = frontend;
        _backend = backend;
        Endpoints = endpoints;
        InprocEndpoints = inproc;
        _hubReady = new NetMQQueue<byte>();
        _hub = new BusHub(WakeBrokerThread);
        _frontend.ReceiveReady += OnFrontendReady;
        _backend.ReceiveReady += OnBackendReady;
        _hubReady.ReceiveReady += OnHubReady;
        _poller = new NetMQPoller { _frontend, _backend, _hubReady };
    }

    /// <summary>The CURVE-secured TCP endpoints for other processes.</summary>
    public BusEndpoints Endpoints { get; }

    /// <summary>The in-process endpoints: <see cref="BusClient.ConnectInproc"/> with these reaches this broker's hub.</summary>
    public BusEndpoints InprocEndpoints { get; }

    /// <summary>Envelopes that came in from publishers in other processes.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Incoming envelopes (or broken frames) that could not be read; the rest of their batch still went through.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Envelopes from in-process publishers queued for subscribers in other processes.</summary>
    public long ExternalQueued => _hub.ExternalQueued;

    /// <summary>Envelopes from in-process publishers an outside subscriber wanted but the hand-off was full.</summary>
    public long ExternalDropped => _hub.ExternalDropped;

    /// <summary>Whether any subscriber in another process is connected and subscribed.</summary>
    public bool HasExternalSubscribers => _hub.HasExternalSubscribers;

    /// <param name="credentials">Server key pair; clients must know its public key.</param>
    /// <param name="externalHost">Interface for the TCP endpoints; keep it on loopback.</param>
    /// <param name="pubPort">TCP port publishers connect to; 0 picks a free one (read it back from <see cref="Endpoints"/>).</param>
    /// <param name="subPort">TCP port subscribers connect to; 0 picks a free one.</param>
    /// <param name="inprocName">Name of the inproc endpoints; the default is what <c>decnet supervise</c> uses.</param>
    public static BusBroker Start(BusCredentials credentials, string externalHost = "127.0.0.1", int pubPort = 0, int subPort = 0,
        string inprocName = BusEndpoints.DefaultInprocName)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var inproc = BusEndpoints.Inproc(inprocName);
        var frontend = new PullSocket();
        var backend = new XPublisherSocket();
        try
        {
            frontend.Options.Linger = TimeSpan.Zero;
            frontend.Options.ReceiveHighWatermark = BusLimits.BatchHighWatermark;
            CurveSecurity.MakeServer(frontend, credentials);
            frontend.Bind(inproc.Publish);
            var pubEndpoint = BindTcp(frontend, externalHost, pubPort);

            backend.Options.Linger = TimeSpan.Zero;
            backend.Options.SendHighWatermark = BusLimits.FanOutHighWatermark;
            CurveSecurity.MakeServer(backend, credentials);
            backend.Bind(inproc.Subscribe);
            var subEndpoint = BindTcp(backend, externalHost, subPort);

            var broker = new BusBroker(frontend, backend, new BusEndpoints(pubEndpoint, subEndpoint), inproc);
            broker._poller.RunAsync("decnet-bus-broker", isBackgroundThread: true);
            Live[inproc] = broker; // the inproc bind above already refused a second broker of this name
            return broker;
        }
        catch
        {
            frontend.Dispose();
            backend.Dispose();
            throw;
        }
    }

    private void WakeBrokerThread()
    {
        try
        {
            _hubReady.Enqueue(0);
        }
        catch (Exception e) when (e is ObjectDisposedException or TerminatingException)
        {
            // the broker closed while a publisher was handing over: the hub drops from now on
        }
    }

    /// <summary>A client of this broker's in-memory hub (what <see cref="BusClient.ConnectInproc"/> returns for these endpoints).</summary>
    public BusClient ConnectLocal(TimeProvider? time = null, Random? random = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 || _hub.IsClosed, this);
        return BusClient.OverHub(_hub, time, random);
    }

    internal static bool TryFindLive(BusEndpoints inproc, [NotNullWhen(true)] out BusBroker? broker) => Live.TryGetValue(inproc, out broker);

    private static string BindTcp(NetMQSocket socket, string host, int port)
    {
        var address = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
        if (port == 0) port = socket.BindRandomPort($"tcp://{address}");
        else socket.Bind($"tcp://{address}:{port}");
        return $"tcp://{address}:{port}";
    }

    /// <summary>[topic, batch] from another process: local subscriptions get the decoded envelopes, XPUB the message as is.</summary>
    private void OnFrontendReady(object? sender, NetMQSocketEventArgs e)
    {
        var topic = new Msg();
        var body = new Msg();
        topic.InitEmpty();
        body.InitEmpty();
        try
        {
            for (var n = 0; n < BusLimits.DrainBatches && _frontend.TryReceive(ref topic, TimeSpan.Zero); n++)
            {
                if (!topic.HasMore || !_frontend.TryReceive(ref body, TimeSpan.Zero))
                {
                    Interlocked.Increment(ref _malformed);
                    continue;
                }
                if (body.HasMore)
                {
                    Interlocked.Increment(ref _malformed);
                    while (body.HasMore && _frontend.TryReceive(ref body, TimeSpan.Zero)) { }
                    continue;
                }
                DeliverLocally(topic.Slice(), body.Slice());
                if (_externalPrefixes.Count > 0) Forward(ref topic, ref body);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never let one bad message kill the broker thread.
            Interlocked.Increment(ref _malformed);
        }
        finally
        {
            topic.Close();
            body.Close();
        }
    }

    private void DeliverLocally(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame)
    {
        if (!_hub.HasLocalMatch(topic))
        {
            // nobody here reads it: count it from the header, leave it compressed for XPUB
            if (EnvelopeBatch.TryReadHeader(frame, out _, out var count, out _)) Interlocked.Add(ref _forwarded, count);
            else Interlocked.Increment(ref _malformed);
            return;
        }
        if (!_decoder.TryOpen(frame, out var entries))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }
        var reader = EnvelopeBatch.ReadEntries(entries);
        var delivered = 0;
        while (reader.TryNext(out var entry))
        {
            delivered++;
            if (EnvelopeBatch.TryDecodeEntry(entry, topic, out var envelope)) _hub.DeliverLocal(envelope);
            else Interlocked.Increment(ref _malformed);
        }
        if (reader.Truncated) Interlocked.Increment(ref _malformed);
        Interlocked.Add(ref _forwarded, delivered);
    }

    /// <summary>Passes a received message on unchanged; XPUB itself filters it per subscriber and never blocks.</summary>
    private void Forward(ref Msg topic, ref Msg body)
    {
        if (!_backend.TrySend(ref topic, TimeSpan.Zero, more: true))
        {
            topic.Close();
            topic.InitEmpty();
            return;
        }
        if (!_backend.TrySend(ref body, TimeSpan.Zero, more: false))
        {
            body.Close();
            body.InitEmpty();
        }
    }

    /// <summary>The hub queued envelopes for outside subscribers: send them in batches.</summary>
    private void OnHubReady(object? sender, NetMQQueueEventArgs<byte> e)
    {
        while (_hubReady.TryDequeue(out _, TimeSpan.Zero)) { }
        var outgoing = _hub.ToExternal;
        for (var round = 0; round < BusLimits.DrainBatches; round++)
        {
            var batches = outgoing.TakeAll();
            if (batches.Count == 0) return; // the take re-armed the hub's signal
            foreach (var batch in batches) SendBatch(batch);
            outgoing.Recycle(batches);
        }
        // Still busy: come back after the other sockets had a turn (the hub will not signal again until a take comes back empty).
        _hubReady.Enqueue(0);
    }

    private void SendBatch(OutgoingBatch batch)
    {
        var msg = new Msg();
        msg.InitGC(batch.TopicUtf8, batch.TopicUtf8.Length);
        if (!_backend.TrySend(ref msg, TimeSpan.Zero, more: true))
        {
            msg.Close();
            return;
        }
        var frame = _encoder.Encode(batch.Entries, batch.Count);
        msg.InitPool(frame.Length);
        frame.CopyTo(msg.Slice());
        if (!_backend.TrySend(ref msg, TimeSpan.Zero, more: false)) msg.Close();
    }

    /// <summary>
    /// XPUB reports each prefix when its first subscriber arrives (1 + prefix) and when its last one leaves or
    /// disconnects (0 + prefix). The hub reads the resulting set to decide whether anything must leave the process.
    /// </summary>
    private void OnBackendReady(object? sender, NetMQSocketEventArgs e)
    {
        var msg = new Msg();
        msg.InitEmpty();
        var changed = false;
        try
        {
            for (var n = 0; n < BusLimits.DrainNotices && _backend.TryReceive(ref msg, TimeSpan.Zero); n++)
            {
                var data = msg.Slice();
                if (data.IsEmpty || data[0] > 1) continue;
                var prefix = Encoding.UTF8.GetString(data[1..]);
                changed |= data[0] == 1 ? _externalPrefixes.Add(prefix) : _externalPrefixes.Remove(prefix);
            }
        }
        finally
        {
            msg.Close();
        }
        if (changed) _hub.SetExternalPrefixes([.. _externalPrefixes]);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Live.TryRemove(new KeyValuePair<BusEndpoints, BusBroker>(InprocEndpoints, this));
        _hub.Close();
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        _frontend.Dispose();
        _backend.Dispose();
        _hubReady.Dispose();
    }
}
