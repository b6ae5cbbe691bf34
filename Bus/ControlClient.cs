using System.Diagnostics;
using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace Decnet.Bus;

/// <summary>
/// Sends control requests to the <see cref="ControlServer"/> over a CURVE-secured DEALER. Requests are
/// serialised; after a timeout the socket is thrown away so a late reply can never answer the next request.
/// </summary>
public sealed class ControlClient : IDisposable
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(50);

    private readonly BusCredentials _credentials;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DealerSocket? _socket;
    private bool _disposed;

    public ControlClient(string endpoint, BusCredentials credentials)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        Endpoint = endpoint;
        _credentials = credentials;
    }

    public string Endpoint { get; }

    /// <summary>Sends [op, body] and waits for [status, body].</summary>
    /// <exception cref="ControlUnavailableException">No reply within <paramref name="timeout"/>.</exception>
    public async Task<ControlReply> RequestAsync(string op, ReadOnlyMemory<byte> body, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(op);
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be positive");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // NetMQ receives block; a pool thread waits in short slices so cancellation is honoured promptly.
            return await Task.Run(() => Exchange(op, body, timeout, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private ControlReply Exchange(string op, ReadOnlyMemory<byte> body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var socket = _socket ??= Connect();
        try
        {
            var msg = new Msg();
            msg.InitPool(body.Length);
            body.Span.CopyTo(msg.Slice());
            var sendWait = WholeMilliseconds(timeout);
            var sent = socket.TrySendFrame(sendWait, Encoding.UTF8.GetBytes(op), more: true) && socket.TrySend(ref msg, sendWait, more: false);
            if (!sent)
            {
                msg.Close();
                throw Unavailable(op, timeout);
            }

            var frames = new List<byte[]>(3);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var remaining = timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero) throw Unavailable(op, timeout);
                if (!socket.TryReceiveMultipartBytes(WholeMilliseconds(remaining < PollSlice ? remaining : PollSlice), ref frames)) continue;
                if (frames.Count != 2)
                    throw new InvalidDataException($"malformed control reply from {Endpoint}: expected 2 frames [status, body], got {frames.Count}");
                var status = Encoding.UTF8.GetString(frames[0]);
                return status switch
                {
                    ControlReply.StatusOk => new ControlReply(true, frames[1]),
                    ControlReply.StatusError => new ControlReply(false, frames[1]),
                    _ => throw new InvalidDataException($"malformed control reply from {Endpoint}: unknown status '{status}'"),
                };
            }
        }
        catch
        {
            // Whatever went wrong, a reply may still be in flight: a fresh socket next time cannot receive it.
            DropSocket();
            throw;
        }
    }

    /// <summary>
    /// NetMQ truncates a timeout to whole milliseconds, and a non-zero timeout that truncates to 0 blocks forever:
    /// round up so a sub-millisecond remainder still times out.
    /// </summary>
    private static TimeSpan WholeMilliseconds(TimeSpan wait) => TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait.TotalMilliseconds)));

    private ControlUnavailableException Unavailable(string op, TimeSpan timeout) =>
        new($"no reply to control request '{op}' from {Endpoint} within {timeout.TotalSeconds:0.###} s: " +
            "'decnet supervise' is not running there, or the bus credentials file does not match");

    private DealerSocket Connect()
    {
        var socket = new DealerSocket();
        try
        {
            socket.Options.Linger = TimeSpan.Zero;
            CurveSecurity.MakeClient(socket, _credentials);
            socket.Connect(Endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void DropSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            DropSocket();
        }
        finally
        {
            _gate.Release();
        }
    }
}
