using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// The supervisor's control endpoint: a CURVE-secured ROUTER on loopback that answers request
/// [op, body] with [status, body]. Requests are handled concurrently (a forwarded `topology deploy` may take minutes
/// while `workers` or `status` still answer); only the poller thread touches the socket. Other invocations of the
/// binary send their storage requests here while <c>decnet supervise</c> owns the database.
/// </summary>
public sealed class ControlServer : IDisposable
{
    /// <summary>Requests larger than this are refused by the transport (the peer is disconnected).</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    private static readonly byte[] Ok = Encoding.ASCII.GetBytes(ControlReply.StatusOk);
    private static readonly byte[] Error = Encoding.ASCII.GetBytes(ControlReply.StatusError);

    private readonly RouterSocket _router;
    private readonly Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly NetMQQueue<(byte[] Identity, byte[] Status, byte[] Body)> _replies = new();
    private readonly NetMQPoller _poller;
    private readonly CountdownEvent _inFlight = new(1);
    private long _handled;
    private int _disposed;

    private ControlServer(RouterSocket router, string endpoint, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler, ILogger logger)
    {
        _router = router;
        Endpoint = endpoint;
        _handler = handler;
        _logger = logger;
        _router.ReceiveReady += (_, _) => Receive();
        _replies.ReceiveReady += (_, e) =>
        {
            // A ROUTER drops a reply whose peer is gone or full rather than blocking: the client then times out.
            while (e.Queue.TryDequeue(out var r, TimeSpan.Zero))
                if (_router.TrySendFrame(TimeSpan.Zero, r.Identity, more: true) && _router.TrySendFrame(TimeSpan.Zero, r.Status, more: true))
                    _router.TrySendFrame(TimeSpan.Zero, r.Body, more: false);
        };
        _poller = new NetMQPoller { _router, _replies };
        _poller.RunAsync("decnet-control", true);
    }

    /// <summary>The TCP endpoint clients connect to (loopback, with the port actually bound).</summary>
    public string Endpoint { get; }

    /// <summary>Requests answered so far (ok or error).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <param name="handler">Called for each request, concurrently with others; its result is the "ok" body, and an exception becomes an "error" reply carrying its message.</param>
    /// <param name="port">0 picks a free port; read it back from <see cref="Endpoint"/>.</param>
    public static ControlServer Start(BusCredentials credentials, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler,
        string host = "127.0.0.1", int port = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(handler);
        var router = new RouterSocket();
        try
        {
            router.Options.Linger = TimeSpan.Zero;
            router.Options.MaxMsgSize = MaxRequestBytes;
            CurveSecurity.MakeServer(router, credentials);
            var address = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
            if (port == 0) port = router.BindRandomPort($"tcp://{address}");
            else router.Bind($"tcp://{address}:{port}");
            return new ControlServer(router, $"tcp://{address}:{port}", handler, logger ?? NullLogger.Instance);
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }

    private void Receive()
    {
        var frames = new List<byte[]>(3);
        while (TryReceive(ref frames))
        {
            if (_stop.IsCancellationRequested) return;
            var request = frames.ToArray();
            _inFlight.AddCount();
            _ = Task.Run(async () =>
            {
                try { _replies.Enqueue(await AnswerAsync(request).ConfigureAwait(false)); }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException) { /* stopped meanwhile */ }
                finally { _inFlight.Signal(); }
            });
        }
    }

    // A receive error (a peer that broke the protocol) is logged; the poller thread must keep running.
    private bool TryReceive(ref List<byte[]> frames)
    {
        try { return _router.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning("control channel: {Error}", e.Message);
            return false;
        }
    }

    private async Task<(byte[], byte[], byte[])> AnswerAsync(byte[][] frames)
    {
        // ROUTER prepends the peer's identity: [identity, op, body].
        var identity = frames[0];
        byte[] status, body;
        if (frames.Length != 3)
        {
            (status, body) = (Error, Encoding.UTF8.GetBytes($"malformed control request: expected 2 frames [op, body], got {frames.Length - 1}"));
        }
        else
        {
            var op = Encoding.UTF8.GetString(frames[1]);
            try
            {
                body = await _handler(op, frames[2], _stop.Token).ConfigureAwait(false) ?? [];
                status = Ok;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogWarning("control request '{Op}' failed: {Error}", op, e.Message);
                (status, body) = (Error, Encoding.UTF8.GetBytes(e.Message));
            }
        }
        Interlocked.Increment(ref _handled);
        return (identity, status, body);
    }

    /// <summary>Stops taking requests; a handler in progress sees its token cancelled.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        // Handlers in progress see the cancelled token; give them a moment to answer before the socket goes.
        _inFlight.Signal();
        _inFlight.Wait(TimeSpan.FromSeconds(5));
        _poller.Stop();
        _poller.Dispose();
        _replies.Dispose();
        _router.Dispose();
    }
}
