using System.Net;
using System.Net.Sockets;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// Connects webhook sockets: resolves the host once, refuses unless every address is public (or private addresses
/// are allowed), then connects to one of those vetted addresses, so no second DNS lookup sits between check and
/// connect. Used as <see cref="SocketsHttpHandler.ConnectCallback"/>.
/// </summary>
public sealed class GuardedConnector(bool allowPrivate, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));

    public bool AllowPrivate => allowPrivate;

    /// <summary>The addresses <paramref name="host"/> may be reached at; throws <see cref="WebhookRefusedException"/> otherwise.</summary>
    public async Task<IPAddress[]> VetAsync(string host, CancellationToken ct)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await _resolve(bare, ct).ConfigureAwait(false); }
            catch (SocketException e) { throw new HttpRequestException($"cannot resolve {bare}: {e.Message}", e); }
        }
        if (addresses.Length == 0) throw new HttpRequestException($"{bare} has no addresses");
        if (allowPrivate) return addresses;
        foreach (var a in addresses)
            if (AddressGuard.Refusal(a) is { } why)
                throw new WebhookRefusedException($"{bare} resolves to {a}, which is not public: {why} (use --allow-private for an internal receiver)");
        return addresses;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await VetAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = e;
                if (e is OperationCanceledException) throw;
            }
        }
        throw new HttpRequestException($"cannot connect to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}: {last?.Message}", last);
    }

    /// <summary>An HttpClient that never follows redirects and connects only through this guard.</summary>
    public HttpClient CreateClient(int maxConnectionsPerServer)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = maxConnectionsPerServer,
            // Reconnect now and then so a changed DNS answer is vetted again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
