using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// Message text from a local LLM through Ollama's HTTP API (POST <c>/api/generate</c>, <c>stream: false</c>).
/// The subject and the thread's facts come from the offline grammar, the prose from the model. Any failure (refused,
/// timeout, bad JSON, empty answer) falls back to <see cref="OfflineBackend"/> with a warning, and the model is not
/// asked again for <see cref="RetryAfter"/>, so one dead server does not cost a timeout per message.
/// </summary>
public sealed class OllamaBackend(Uri baseUrl, string model, TimeSpan timeout, ILogger log, TimeProvider time, HttpMessageHandler? handler = null) : IMessageBackend, IDisposable
{
    public const string BackendName = "ollama";
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly OfflineBackend _offline = new();
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;
    private int _fallbacks;

    public string Name => BackendName;

    /// <summary>Messages written by the offline fallback because the model failed.</summary>
    public int Fallbacks => Volatile.Read(ref _fallbacks);

    /// <summary>The last failure, for the operator ("connection refused (127.0.0.1:11434)").</summary>
    public string? LastError { get; private set; }

    public async Task<MessageDraft> WriteAsync(MessageRequest request, CancellationToken ct)
    {
        // The offline draft decides subject and facts and keeps the random stream identical whichever backend answers.
        var draft = _offline.Write(request);
        var seed = request.Rng.Next();
        if (time.GetUtcNow() < _downUntil) return Fallback(draft);
        try
        {
            var text = await GenerateAsync(Prompt(request, draft), seed, ct).ConfigureAwait(false);
            return new MessageDraft(draft.Subject, LineWrap.Wrap(text.Trim().Replace("\r\n", "\n"), 72), BackendName);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or JsonException or InvalidDataException)
        {
            LastError = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0}s" : e.Message;
            _downUntil = time.GetUtcNow() + RetryAfter;
            log.LogWarning("ollama at {Url} (model {Model}) failed: {Error}; falling back to the offline backend for {Minutes} min",
                baseUrl, model, LastError, RetryAfter.TotalMinutes);
            return Fallback(draft);
        }
    }

    private MessageDraft Fallback(MessageDraft offline)
    {
        Interlocked.Increment(ref _fallbacks);
        return offline;
    }

    private async Task<string> GenerateAsync(string prompt, int seed, CancellationToken ct)
    {
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteString("prompt", prompt);
            w.WriteBoolean("stream", false);
            w.WriteStartObject("options");
            w.WriteNumber("seed", seed);
            w.WriteNumber("temperature", 0.8);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(new Uri(baseUrl, "api/generate"), content, cts.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} from {baseUrl}api/generate");
        var bytes = await response.Content.ReadAsByteArrayAsync(cts.Token).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(bytes);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("response", out var r) || r.ValueKind != JsonValueKind.String)
            throw new InvalidDataException("the answer has no \"response\" string");
        var text = r.GetString()!;
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException("the model returned an empty response");
        return text;
    }

    internal static string Prompt(MessageRequest request, MessageDraft offline)
    {
        var p = request.Sender;
        var language = request.Thread.Language == "es" ? "Spanish" : "English";
        var sb = new StringBuilder(1024);
        sb.Append($"Write the body of a short work email in {language}. No subject line, no placeholders, plain text only.\n");
        sb.Append($"You are {p.DisplayName}, {p.Role} ({p.Department}) at {p.Domain}. Your writing style is {Persona.StyleName(p.Style)}.\n");
        sb.Append($"You write to {string.Join(", ", request.To.Select(t => $"{t.DisplayName} ({t.Role})"))}.\n");
        sb.Append($"Subject of the thread: {offline.Subject}\n");
        if (request.Thread.Last is { } last)
            sb.Append($"You are replying to this message from {last.From.DisplayName}:\n---\n{last.Body}\n---\n");
        sb.Append($"Say roughly this, in your own words, and sign with your name:\n{offline.Text}\n");
        return sb.ToString();
    }

    public void Dispose() => _http.Dispose();
}
