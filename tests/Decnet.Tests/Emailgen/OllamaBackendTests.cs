using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Decnet.Engine.Emailgen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Decnet.Tests.Emailgen;

/// <summary>The ollama backend against a loopback stand-in speaking Ollama's /api/generate, and its fallback.</summary>
public class OllamaBackendTests
{
    /// <summary>A tiny HTTP server on 127.0.0.1 answering POST /api/generate with the handler's (status, body).</summary>
    private sealed class FakeOllama : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        public List<JsonDocument> Requests { get; } = [];
        public Uri Url { get; }

        public FakeOllama(Func<JsonDocument, Task<(int Status, string Body)>> handler)
        {
            var port = FreePort();
            Url = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); } catch { return; }
                    // One task per request: a slow answer must not hold up the next request.
                    _ = Task.Run(async () =>
                    {
                    try
                    {
                        using var reader = new StreamReader(ctx.Request.InputStream);
                        var doc = JsonDocument.Parse(await reader.ReadToEndAsync());
                        lock (Requests) Requests.Add(doc);
                        var (status, body) = ctx.Request.Url!.AbsolutePath == "/api/generate" && ctx.Request.HttpMethod == "POST"
                            ? await handler(doc) : (404, "{\"error\":\"not found\"}");
                        ctx.Response.StatusCode = status;
                        ctx.Response.ContentType = "application/json";
                        var bytes = Encoding.UTF8.GetBytes(body);
                        await ctx.Response.OutputStream.WriteAsync(bytes);
                        ctx.Response.Close();
                    }
                    catch (Exception) { try { ctx.Response.Abort(); } catch { } }
                    });
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            // Close alone: after Stop, Close removes the prefixes again and the managed HttpListener re-binds the port
            // to do it, which fails when another test's socket took that port meanwhile ("Address already in use").
            _listener.Close();
            try { await _loop; } catch { }
        }
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        { lock (Lines) Lines.Add($"{logLevel}: {formatter(state, exception)}"); }
    }

    private static string Answer(string text) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["model"] = "tiny", ["response"] = text, ["done"] = true }, OllamaTestJson.Default.DictionaryStringObject);

    [Test]
    public async Task TheModelWritesTheBodyOfEveryMessage()
    {
        var n = 0;
        await using var server = new FakeOllama(req => Task.FromResult((200, Answer($"Hello there,\n\nmodel text number {Interlocked.Increment(ref n)} about {req.RootElement.GetProperty("model").GetString()}.\n\nBest,\nSam"))));
        using var backend = new OllamaBackend(server.Url, "tiny", TimeSpan.FromSeconds(10), NullLogger.Instance, TimeProvider.System);
        var generator = new ConversationGenerator(backend);
        var messages = await generator.GenerateAsync(EmailgenKit.Company(), 12, EmailgenKit.Until.AddDays(-10), EmailgenKit.Until, new Random(1), CancellationToken.None);
        await Assert.That(messages.All(m => m.Backend == "ollama")).IsTrue();
        await Assert.That(messages.All(m => m.Body.Contains("model text number") && m.Body.Contains("about tiny"))).IsTrue();
        await Assert.That(backend.Fallbacks).IsEqualTo(0);
        await Assert.That(server.Requests.Count).IsEqualTo(12);
        var first = server.Requests[0].RootElement;
        await Assert.That(first.GetProperty("stream").GetBoolean()).IsFalse();
        await Assert.That(first.GetProperty("prompt").GetString()!).Contains("work email");
        await Assert.That(first.GetProperty("options").GetProperty("seed").ValueKind).IsEqualTo(JsonValueKind.Number);
        // Replies are still threaded and quote the parent, whoever wrote the text.
        foreach (var m in messages.Where(m => m.InReplyTo is not null))
        {
            await Assert.That(m.Subject).StartsWith("Re: ");
            await Assert.That(m.Body).Contains("\n> ");
        }
        foreach (var m in messages) EmailgenKit.Parse(MimeMessageWriter.Write(m));
    }

    [Test]
    public async Task ServerErrorBadJsonTimeoutAndRefusedFallBackToOfflineWithAWarning()
    {
        foreach (var mode in (string[])["500", "json", "timeout", "refused", "empty"])
        {
            await using var server = new FakeOllama(async _ =>
            {
                switch (mode)
                {
                    case "500": return (500, "{\"error\":\"model not found\"}");
                    case "json": return (200, "this is not json");
                    case "empty": return (200, Answer("  "));
                    default: await Task.Delay(3000); return (200, Answer("too late"));
                }
            });
            var url = mode == "refused" ? new Uri($"http://127.0.0.1:{FreePort()}/") : server.Url;
            var log = new ListLogger();
            var time = new SettableTime(EmailgenKit.Until);
            using var backend = new OllamaBackend(url, "tiny", TimeSpan.FromMilliseconds(500), log, time);
            var generator = new ConversationGenerator(backend);
            var messages = await generator.GenerateAsync(EmailgenKit.Company(), 5, EmailgenKit.Until.AddDays(-10), EmailgenKit.Until, new Random(1), CancellationToken.None);
            await Assert.That(messages.All(m => m.Backend == "offline")).IsTrue().Because(mode);
            await Assert.That(backend.Fallbacks).IsEqualTo(5).Because(mode);
            await Assert.That(log.Lines.Count(l => l.StartsWith("Warning") && l.Contains("falling back to the offline backend"))).IsEqualTo(1).Because(mode);
            await Assert.That(backend.LastError).IsNotNull();
            // The fallback text is the offline grammar's: signed by the sender, nothing from the model.
            await Assert.That(messages.All(m => m.Body.Contains(m.From.FirstName) && !m.Body.Contains("too late"))).IsTrue().Because(mode);
            // After the back-off the model is asked again.
            var asked = server.Requests.Count;
            time.Now += OllamaBackend.RetryAfter + TimeSpan.FromSeconds(1);
            await generator.GenerateAsync(EmailgenKit.Company(), 1, EmailgenKit.Until.AddDays(-10), EmailgenKit.Until, new Random(2), CancellationToken.None);
            if (mode != "refused") await Assert.That(server.Requests.Count).IsEqualTo(asked + 1).Because(mode);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class OllamaTestJson : System.Text.Json.Serialization.JsonSerializerContext;
