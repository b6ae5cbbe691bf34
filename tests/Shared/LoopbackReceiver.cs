using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Decnet.TestSupport;

/// <summary>One request as the receiver saw it (header names lower-cased).</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, long ReceivedTimestamp)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : "";
}

/// <summary>What the receiver answers: a status, extra headers, or never (hold the connection open silently).</summary>
public sealed record ReceiverAnswer(int Status, IReadOnlyDictionary<string, string>? Headers = null, bool Never = false)
{
    public static readonly ReceiverAnswer Ok = new(200);
}

/// <summary>
/// A tiny HTTP/1.1 server on a raw TcpListener (keep-alive, Content-Length bodies): a real socket peer for the
/// webhook sender, no HTTP mocking. Can be stopped and restarted on the same port to play a receiver outage.
/// </summary>
public sealed class LoopbackReceiver : IDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<Socket, bool> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _cts;
    private long _count;

    public LoopbackReceiver(Func<ReceivedRequest, ReceiverAnswer>? answer = null, int port = 0, bool keep = true)
    {
        Answer = answer ?? (_ => ReceiverAnswer.Ok);
        KeepBodies = keep;
        Start(port);
    }

    public Func<ReceivedRequest, ReceiverAnswer> Answer { get; set; }
    public bool KeepBodies { get; }
    public int Port { get; private set; }
    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";
    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;
    public long Count => Interlocked.Read(ref _count);
    /// <summary>Called for each request as it arrives (any thread).</summary>
    public Action<ReceivedRequest>? OnRequest { get; set; }

    public void Start(int port = 0)
    {
        if (_listener is not null) return;
        var listener = new TcpListener(IPAddress.Loopback, port == 0 ? Port : port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(512);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _cts = new CancellationTokenSource();
        _ = AcceptLoopAsync(listener, _cts.Token);
    }

    /// <summary>Closes the listener and every open connection (the receiver is "down").</summary>
    public void Stop()
    {
        _cts?.Cancel();
        _listener?.Stop();
        _listener = null;
        foreach (var s in _connections.Keys) { try { s.Close(0); } catch (ObjectDisposedException) { } }
        _connections.Clear();
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await listener.AcceptSocketAsync(ct); }
            catch (Exception) { return; }
            socket.NoDelay = true;
            _connections[socket] = true;
            _ = ServeAsync(socket, ct);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
                    if (n == 0) return;
                    filled += n;
                }
                var head = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
                var requestLine = head[0].Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var line in head.Skip(1))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                }
                var length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var total = headerEnd + 4 + length;
                while (filled < total)
                {
                    if (total > buffer.Length) Array.Resize(ref buffer, Math.Max(total, buffer.Length * 2));
                    var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
                    if (n == 0) return;
                    filled += n;
                }
                var body = buffer.AsSpan(headerEnd + 4, length).ToArray();
                var request = new ReceivedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, body, System.Diagnostics.Stopwatch.GetTimestamp());
                Buffer.BlockCopy(buffer, total, buffer, 0, filled - total);
                filled -= total;
                Interlocked.Increment(ref _count);
                if (KeepBodies) _requests.Enqueue(request);
                OnRequest?.Invoke(request);
                var answer = Answer(request);
                if (answer.Never) { await Task.Delay(Timeout.Infinite, ct); return; }
                var sb = new StringBuilder();
                sb.Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(answer.Status < 400 ? "OK" : "Error").Append("\r\n");
                sb.Append("Content-Length: 0\r\n");
                foreach (var (k, v) in answer.Headers ?? new Dictionary<string, string>()) sb.Append(k).Append(": ").Append(v).Append("\r\n");
                sb.Append("\r\n");
                await socket.SendAsync(Encoding.ASCII.GetBytes(sb.ToString()), SocketFlags.None, ct);
            }
        }
        catch (Exception) { /* connection closed or receiver stopped */ }
        finally
        {
            _connections.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    public void Dispose() => Stop();
}
