using System.Net;
using System.Net.Sockets;
using Decnet.Engine.Ingest;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Listener;

/// <summary>
/// Receives syslog over UDP (one message per datagram), TCP (RFC 6587 octet-counted or newline framing) and a
/// Unix stream socket, and hands every message to <see cref="MessageIntake"/>.
/// </summary>
public sealed class SyslogListener : IAsyncDisposable
{
    private const int MaxConnections = 512;
    private readonly ILogger _log;
    private readonly MessageIntake _intake;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<Socket> _sockets = [];
    private int _connections;

    public SyslogListener(MessageIntake intake, ILogger log)
    {
        _intake = intake;
        _log = log;
    }

    /// <summary>What was actually bound (port 0 becomes the kernel's choice).</summary>
    public ListenerEndpoints Bound { get; private set; } = new(null, null, null);

    /// <summary>Binds every endpoint now (so a bind error is reported at start) and starts the receive loops.</summary>
    public void Start(ListenerEndpoints endpoints)
    {
        IPEndPoint? udp = null, tcp = null;
        string? unix = null;
        try
        {
            if (endpoints.Udp is { } u)
            {
                var s = new Socket(u.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                _sockets.Add(s);
                s.ReceiveBufferSize = 4 * 1024 * 1024;
                s.Bind(u);
                udp = (IPEndPoint)s.LocalEndPoint!;
                _loops.Add(Task.Run(() => UdpLoopAsync(s, _stop.Token)));
            }
            if (endpoints.Tcp is { } t)
            {
                var s = new Socket(t.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                _sockets.Add(s);
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(t);
                s.Listen(128);
                tcp = (IPEndPoint)s.LocalEndPoint!;
                _loops.Add(Task.Run(() => AcceptLoopAsync(s, "tcp", _stop.Token)));
            }
            if (endpoints.UnixPath is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (File.Exists(path)) File.Delete(path); // a stale socket from a crashed run
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _sockets.Add(s);
                s.Bind(new UnixDomainSocketEndPoint(path));
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
                s.Listen(128);
                unix = path;
                _loops.Add(Task.Run(() => AcceptLoopAsync(s, "unix", _stop.Token)));
            }
        }
        catch (SocketException e)
        {
            foreach (var s in _sockets) s.Dispose();
            throw new ListenerConfigException($"cannot bind syslog endpoint: {e.Message}");
        }
        Bound = new ListenerEndpoints(udp, tcp, unix);
    }

    private async Task UdpLoopAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { _log.LogWarning("udp receive failed: {Message}", e.Message); continue; }
            // RFC 5426: one message per datagram; tolerate senders that pack several newline-separated lines.
            var datagram = buffer.AsSpan(0, r.ReceivedBytes);
            var source = r.RemoteEndPoint.ToString() ?? "udp";
            foreach (var range in datagram.Split((byte)'\n'))
                _intake.Accept(datagram[range], source);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, string kind, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { _log.LogWarning("{Kind} accept failed: {Message}", kind, e.Message); continue; }
            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                _log.LogWarning("{Kind}: too many connections ({Max}); refusing one", kind, MaxConnections);
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => StreamLoopAsync(client, kind, ct));
        }
    }

    private async Task StreamLoopAsync(Socket client, string kind, CancellationToken ct)
    {
        var source = kind == "unix" ? "unix" : client.RemoteEndPoint?.ToString() ?? kind;
        var decoder = new SyslogFrameDecoder();
        var buffer = new byte[65536];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0) break;
                decoder.Append(buffer.AsSpan(0, n));
                Drain(decoder, source);
            }
            decoder.Complete();
            Drain(decoder, source);
        }
        catch (OperationCanceledException) { }
        catch (SocketException e) { _log.LogDebug("{Source}: connection ended: {Message}", source, e.Message); }
        catch (ObjectDisposedException) { }
        finally
        {
            Interlocked.Decrement(ref _connections);
            client.Dispose();
        }
    }

    private void Drain(SyslogFrameDecoder decoder, string source)
    {
        while (decoder.TryRead(out var message)) _intake.Accept(message, source);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var s in _sockets) s.Dispose();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or ObjectDisposedException) { }
        if (Bound.UnixPath is { } path)
        {
            try { File.Delete(path); } catch (IOException) { }
        }
    }
}
