using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// The bus hub that runs inside <c>decnet supervise</c>. Publishers PUSH into a PULL socket, the broker forwards
/// every message to an XPUB socket, and subscribers' SUB sockets filter by prefix. Both broker sockets are bound
/// to an <c>inproc://</c> endpoint (in-process workers) and to a TCP endpoint on 127.0.0.1 secured with CURVE
/// (other processes). NetMQ's <c>ipc://</c> is TCP underneath on Linux, so file permissions would protect nothing:
/// authentication is CURVE, and the credential is knowledge of the server key (see <see cref="BusCredentials"/>).
/// Inproc connections never run a security handshake, so the CURVE server role set on a socket does not affect
/// its inproc endpoint (a test proves both work on one socket).
/// </summary>
/// <remarks>
/// Why PUSH/PULL in rather than PUB/XSUB: a PUB socket drops silently when its queue is full (NetMQ has no
/// XPUB_NODROP), whereas a PUSH socket's zero-timeout send reports it, so the publisher can count every drop.
/// The XPUB side drops per subscriber when that subscriber's pipe is full; that drop cannot be observed, so the
/// pipes are deep and each client's receive thread empties its pipe into its subscriptions' counted queues.
/// </remarks>
public sealed class BusBroker : IDisposable
{
    private readonly PullSocket _frontend;
    private readonly XPublisherSocket _backend;
    private readonly NetMQPoller _poller;
    private long _forwarded;
    private int _disposed;

    private BusBroker(PullSocket frontend, XPublisherSocket backend, BusEndpoints endpoints, BusEndpoints inproc)
    {
        _frontend = frontend;
        _backend = backend;
        Endpoints = endpoints;
        InprocEndpoints = inproc;
        _frontend.ReceiveReady += OnFrontendReady;
        _backend.ReceiveReady += OnBackendReady;
        _poller = new NetMQPoller { _frontend, _backend };
    }

    /// <summary>The CURVE-secured TCP endpoints for other processes.</summary>
    public BusEndpoints Endpoints { get; }

    /// <summary>The in-process endpoints (<see cref="BusClient.ConnectInproc"/>).</summary>
    public BusEndpoints InprocEndpoints { get; }

    /// <summary>Messages forwarded from publishers to the subscriber side.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

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
            frontend.Options.ReceiveHighWatermark = BusLimits.HighWatermark;
            CurveSecurity.MakeServer(frontend, credentials);
            frontend.Bind(inproc.Publish);
            var pubEndpoint = BindTcp(frontend, externalHost, pubPort);

            backend.Options.Linger = TimeSpan.Zero;
            backend.Options.SendHighWatermark = BusLimits.HighWatermark;
            CurveSecurity.MakeServer(backend, credentials);
            backend.Bind(inproc.Subscribe);
            var subEndpoint = BindTcp(backend, externalHost, subPort);

            var broker = new BusBroker(frontend, backend, new BusEndpoints(pubEndpoint, subEndpoint), inproc);
            broker._poller.RunAsync("decnet-bus-broker", isBackgroundThread: true);
            return broker;
        }
        catch
        {
            frontend.Dispose();
            backend.Dispose();
            throw;
        }
    }

    private static string BindTcp(NetMQSocket socket, string host, int port)
    {
        var address = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
        if (port == 0) port = socket.BindRandomPort($"tcp://{address}");
        else socket.Bind($"tcp://{address}:{port}");
        return $"tcp://{address}:{port}";
    }

    private void OnFrontendReady(object? sender, NetMQSocketEventArgs e)
    {
        var msg = new Msg();
        msg.InitEmpty();
        try
        {
            for (var n = 0; n < BusLimits.DrainBatch && _frontend.TryReceive(ref msg, TimeSpan.Zero); n++)
            {
                // A multipart message arrives whole, so its later frames are already queued.
                while (true)
                {
                    var more = msg.HasMore;
                    if (!_backend.TrySend(ref msg, TimeSpan.Zero, more))
                    {
                        msg.Close();
                        msg.InitEmpty();
                    }
                    if (!more || !_frontend.TryReceive(ref msg, TimeSpan.Zero)) break;
                }
                _forwarded++;
            }
        }
        finally
        {
            msg.Close();
        }
    }

    /// <summary>XPUB queues subscription notices for its owner; the broker has no use for them but must drain them.</summary>
    private void OnBackendReady(object? sender, NetMQSocketEventArgs e)
    {
        var msg = new Msg();
        msg.InitEmpty();
        try
        {
            for (var n = 0; n < BusLimits.DrainBatch && _backend.TryReceive(ref msg, TimeSpan.Zero); n++) { }
        }
        finally
        {
            msg.Close();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        _frontend.Dispose();
        _backend.Dispose();
    }
}
