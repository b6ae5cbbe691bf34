using System.Diagnostics;
using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class ControlChannelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static Task<byte[]> Echo(string op, ReadOnlyMemory<byte> body, CancellationToken ct) => op switch
    {
        "echo" => Task.FromResult(body.ToArray()),
        "upper" => Task.FromResult(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Span).ToUpperInvariant())),
        "big" => Task.FromResult(Enumerable.Range(0, int.Parse(Encoding.UTF8.GetString(body.Span))).Select(i => (byte)(i * 31)).ToArray()),
        "fail" => throw new InvalidOperationException("storage is locked by pid 42"),
        "fail-async" => Task.FromException<byte[]>(new IOException("disk full")),
        _ => throw new ArgumentException($"unknown op '{op}'"),
    };

    [Test]
    public async Task RequestsGetRepliesWithTheRightKey()
    {
        var credentials = BusCredentials.Generate();
        using var server = ControlServer.Start(credentials, Echo);
        using var client = new ControlClient(server.Endpoint, credentials);
        await Assert.That(server.Endpoint).StartsWith("tcp://127.0.0.1:");

        var reply = await client.RequestAsync("echo", "hello"u8.ToArray(), Patience);
        await Assert.That(reply.Ok).IsTrue();
        await Assert.That(reply.Status).IsEqualTo("ok");
        await Assert.That(Encoding.UTF8.GetString(reply.Body.Span)).IsEqualTo("hello");

        var upper = await client.RequestAsync("upper", "abc"u8.ToArray(), Patience);
        await Assert.That(Encoding.UTF8.GetString(upper.Body.Span)).IsEqualTo("ABC");

        var empty = await client.RequestAsync("echo", ReadOnlyMemory<byte>.Empty, Patience);
        await Assert.That(empty.Ok).IsTrue();
        await Assert.That(empty.Body.Length).IsEqualTo(0);
        await Assert.That(server.Handled).IsEqualTo(3L);
    }

    [Test]
    public async Task ASlowRequestDoesNotHoldUpOthers()
    {
        var credentials = BusCredentials.Generate();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = ControlServer.Start(credentials, async (op, body, ct) =>
        {
            if (op == "slow") await release.Task.WaitAsync(ct);
            return Encoding.UTF8.GetBytes(op);
        });
        using var slowClient = new ControlClient(server.Endpoint, credentials);
        using var quickClient = new ControlClient(server.Endpoint, credentials);

        var slow = slowClient.RequestAsync("slow", ReadOnlyMemory<byte>.Empty, Patience);
        var quick = await quickClient.RequestAsync("quick", ReadOnlyMemory<byte>.Empty, Patience);
        await Assert.That(Encoding.UTF8.GetString(quick.Body.Span)).IsEqualTo("quick");
        await Assert.That(slow.IsCompleted).IsFalse();

        release.SetResult();
        var slowReply = await slow;
        await Assert.That(Encoding.UTF8.GetString(slowReply.Body.Span)).IsEqualTo("slow");
    }

    [Test]
    public async Task HandlerExceptionsBecomeErrorReplies()
    {
        var credentials = BusCredentials.Generate();
        using var server = ControlServer.Start(credentials, Echo);
        using var client = new ControlClient(server.Endpoint, credentials);

        var sync = await client.RequestAsync("fail", ReadOnlyMemory<byte>.Empty, Patience);
        await Assert.That(sync.Ok).IsFalse();
        await Assert.That(sync.Status).IsEqualTo("error");
        await Assert.That(sync.ErrorMessage).IsEqualTo("storage is locked by pid 42");
        var faulted = await client.RequestAsync("fail-async", ReadOnlyMemory<byte>.Empty, Patience);
        await Assert.That(faulted.ErrorMessage).IsEqualTo("disk full");
        var unknown = await client.RequestAsync("nope", ReadOnlyMemory<byte>.Empty, Patience);
        await Assert.That(unknown.ErrorMessage).Contains("unknown op 'nope'");
        // the server keeps serving after errors
        var ok = await client.RequestAsync("echo", "still here"u8.ToArray(), Patience);
        await Assert.That(ok.Ok).IsTrue();
    }

    [Test]
    public async Task LargeRequestsAndRepliesGoThrough()
    {
        var credentials = BusCredentials.Generate();
        using var server = ControlServer.Start(credentials, Echo);
        using var client = new ControlClient(server.Endpoint, credentials);
        const int size = 8 * 1024 * 1024;
        var reply = await client.RequestAsync("big", Encoding.UTF8.GetBytes(size.ToString()), Patience);
        await Assert.That(reply.Body.Length).IsEqualTo(size);
        await Assert.That(reply.Body.Span[12345]).IsEqualTo(unchecked((byte)(12345 * 31)));

        var request = new byte[3 * 1024 * 1024];
        new Random(5).NextBytes(request);
        var echoed = await client.RequestAsync("echo", request, Patience);
        await Assert.That(echoed.Body.Span.SequenceEqual(request)).IsTrue();
    }

    [Test]
    public async Task ConcurrentCallersEachGetTheirOwnReply()
    {
        var credentials = BusCredentials.Generate();
        using var server = ControlServer.Start(credentials, Echo);
        using var client = new ControlClient(server.Endpoint, credentials);
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.RequestAsync("echo", Encoding.UTF8.GetBytes($"n{i}"), Patience)));
        for (var i = 0; i < replies.Length; i++)
            await Assert.That(Encoding.UTF8.GetString(replies[i].Body.Span)).IsEqualTo($"n{i}");
    }

    [Test]
    public async Task WrongKeyTimesOutAsUnavailable()
    {
        using var server = ControlServer.Start(BusCredentials.Generate(), Echo);
        using var client = new ControlClient(server.Endpoint, BusCredentials.Generate());
        var watch = Stopwatch.StartNew();
        ControlUnavailableException? caught = null;
        try { await client.RequestAsync("echo", "x"u8.ToArray(), TimeSpan.FromSeconds(1)); }
        catch (ControlUnavailableException e) { caught = e; }
        watch.Stop();
        await Assert.That(caught).IsNotNull();
        await Assert.That(caught!.Message).Contains(server.Endpoint);
        await Assert.That(caught.Message).Contains("'echo'");
        await Assert.That(watch.Elapsed >= TimeSpan.FromSeconds(0.9)).IsTrue();
        await Assert.That(watch.Elapsed < TimeSpan.FromSeconds(3)).IsTrue();
        await Assert.That(server.Handled).IsEqualTo(0L); // the request never reached the handler
    }

    [Test]
    public async Task NoServerTimesOutAsUnavailable()
    {
        string endpoint;
        using (var server = ControlServer.Start(BusCredentials.Generate(), Echo)) endpoint = server.Endpoint;
        using var client = new ControlClient(endpoint, BusCredentials.Generate());
        await Assert.That(async () => await client.RequestAsync("echo", "x"u8.ToArray(), TimeSpan.FromMilliseconds(300)))
            .Throws<ControlUnavailableException>();
    }

    [Test]
    public async Task LateReplyNeverAnswersTheNextRequest()
    {
        var credentials = BusCredentials.Generate();
        using var server = ControlServer.Start(credentials, async (op, body, ct) =>
        {
            if (op == "slow") await Task.Delay(700, ct);
            return body.ToArray();
        });
        using var client = new ControlClient(server.Endpoint, credentials);
        await Assert.That(async () => await client.RequestAsync("slow", "late"u8.ToArray(), TimeSpan.FromMilliseconds(200)))
            .Throws<ControlUnavailableException>();
        var next = await client.RequestAsync("fast", "mine"u8.ToArray(), Patience);
        await Assert.That(Encoding.UTF8.GetString(next.Body.Span)).IsEqualTo("mine");
    }

    [Test]
    public async Task CancellationIsHonoured()
    {
        var credentials = BusCredentials.Generate();
        using var server = ControlServer.Start(credentials, async (op, body, ct) => { await Task.Delay(5000, ct); return []; });
        using var client = new ControlClient(server.Endpoint, credentials);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.That(async () => await client.RequestAsync("x", ReadOnlyMemory<byte>.Empty, Patience, cts.Token))
            .Throws<OperationCanceledException>();
        await Assert.That(watch.Elapsed < TimeSpan.FromSeconds(2)).IsTrue();
    }
}
