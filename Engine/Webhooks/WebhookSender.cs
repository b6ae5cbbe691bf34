using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Decnet.Engine.Webhooks;

/// <summary>
/// Sends one signed attempt. Two clients: one whose connector refuses non-public addresses and one for
/// subscriptions (or hosts) that allow private ones; both never follow redirects and keep connections alive.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _strict;
    private readonly HttpClient _permissive;
    private readonly TimeProvider _time;
    private readonly bool _allowPrivateEverywhere;
    private readonly string _userAgent;

    public WebhookSender(TimeProvider time, string version, bool allowPrivateEverywhere, int maxConnectionsPerServer, TimeSpan? timeout = null,
        GuardedConnector? strict = null)
    {
        _time = time;
        _allowPrivateEverywhere = allowPrivateEverywhere;
        _userAgent = "decnet-webhook/" + version;
        _strict = (strict ?? new GuardedConnector(allowPrivate: false)).CreateClient(maxConnectionsPerServer);
        _permissive = new GuardedConnector(allowPrivate: true).CreateClient(maxConnectionsPerServer);
        Timeout = timeout ?? DefaultTimeout;
    }

    public TimeSpan Timeout { get; }

    /// <summary>Builds the signed request (exposed for tests that check the headers).</summary>
    public HttpRequestMessage BuildRequest(WebhookSubscription sub, string eventId, string topic, ReadOnlyMemory<byte> body)
    {
        var now = _time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var keys = sub.SigningSecrets(now).Select(WebhookSecret.KeyBytes).ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, sub.Url)
        {
            Content = new ReadOnlyMemoryContent(body),
            Version = System.Net.HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var h = request.Headers;
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        h.TryAddWithoutValidation("webhook-id", eventId);
        h.TryAddWithoutValidation("webhook-timestamp", ts);
        h.TryAddWithoutValidation("webhook-signature", WebhookSignature.StandardWebhooks(keys, eventId, timestamp, body.Span));
        h.TryAddWithoutValidation("X-DECNET-Signature", WebhookSignature.Decnet(keys, body.Span));
        h.TryAddWithoutValidation("X-DECNET-Event-Id", eventId);
        h.TryAddWithoutValidation("X-DECNET-Event-Topic", topic);
        h.TryAddWithoutValidation("X-DECNET-Timestamp", ts);
        h.TryAddWithoutValidation("User-Agent", _userAgent);
        return request;
    }

    public async Task<AttemptResult> SendAsync(WebhookSubscription sub, string eventId, string topic, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var request = BuildRequest(sub, eventId, topic, body);
        var client = sub.AllowPrivate || _allowPrivateEverywhere ? _permissive : _strict;
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            // Drain a little of the body so the connection can be reused; receivers should answer with an empty body.
            await DrainAsync(response, timeout.Token).ConfigureAwait(false);
            return new AttemptResult((int)response.StatusCode, Elapsed(started), RetryAfter(response), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(null, Elapsed(started), null, $"timed out after {Timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookRefusedException refused)
        {
            return new AttemptResult(null, Elapsed(started), null, refused.Message, Refused: true);
        }
        catch (WebhookRefusedException refused)
        {
            return new AttemptResult(null, Elapsed(started), null, refused.Message, Refused: true);
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(null, Elapsed(started), null, Innermost(e));
        }
        catch (IOException e)
        {
            return new AttemptResult(null, Elapsed(started), null, e.Message);
        }
    }

    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[4096];
        var total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            if ((total += n) > 64 * 1024) break;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date) { var d = date - _time.GetUtcNow(); return d < TimeSpan.Zero ? TimeSpan.Zero : d; }
        return null;
    }

    private static string Innermost(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) message = inner.Message;
        return message;
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public void Dispose()
    {
        _strict.Dispose();
        _permissive.Dispose();
    }
}
