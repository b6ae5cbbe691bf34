using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// The supervisor's control endpoint: a CURVE-secured ROUTER on loopback that answers request
/// [op, body] with [status, body], one request at a time on its own thread. Other invocations of the binary
/// send their storage requests here while <c>decnet supervise</c> owns the database.
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
    private readonly Thread _thread;
    private long _handled;
    private int _disposed;

    private ControlServer(RouterSocket router, string endpoint, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler, ILogger logger)
    {
        _router = router;
        Endpoint = endpoint;
        _handler = handler;
        _logger = logger;
        _thread = new Thread(Run) { Name = "decnet-control", IsBackground = true };
        _thread.Start();
    }

    /// <summary>The TCP endpoint clients connect to (loopback, with the port actually bound).</summary>
    public string Endpoint { get; }

    /// <summary>Requests answered so far (ok or error).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <param name="handler">Called for each request, one at a time; its result is the "ok" body, and an exception becomes an "error" reply carrying its message.</param>
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

    private void Run()
    {
        var frames = new List<byte[]>(3);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!_router.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(100), ref frames)) continue;
                Answer(frames);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_stop.IsCancellationRequested) break;
                _logger.LogWarning("control channel: {Error}", e.Message);
            }
        }
    }

    private void Answer(List<byte[]> frames)
    {
        // ROUTER prepends the peer's identity: [identity, op, body].
        var identity = frames[0];
        byte[] status, body;
        if (frames.Count != 3)
        {
            (status, body) = (Error, Encoding.UTF8.GetBytes($"malformed control request: expected 2 frames [op, body], got {frames.Count - 1}"));
        }
        else
        {
            var op = Encoding.UTF8.GetString(frames[1]);
            try
            {
                body = _handler(op, frames[2], _stop.Token).GetAwaiter().GetResult() ?? [];
                status = Ok;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogWarning("control request '{Op}' failed: {Error}", op, e.Message);
                (status, body) = (Error, Encoding.UTF8.GetBytes(e.Message));
            }
        }
        Interlocked.Increment(ref _handled);
        // A ROUTER drops a reply whose peer is gone or full rather than blocking: the client then times out.
        if (_router.TrySendFrame(TimeSpan.Zero, identity, more: true) && _router.TrySendFrame(TimeSpan.Zero, status, more: true))
            _router.TrySendFrame(TimeSpan.Zero, body, more: false);
    }

    /// <summary>Stops taking requests; a handler in progress sees its token cancelled.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _router.Dispose();
        _stop.Dispose();
    }
}
