using Decnet.Engine.Ingest;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Supervisor;

namespace Decnet.Commands;

/// <summary>`decnet bus tail PATTERN [--json]` and `decnet bus publish TOPIC [JSON]` against the supervisor's bus.</summary>
public static class BusCommand
{
    public static void Register(RootCommand root, CommandHost host)
    {
        var group = new Command("bus", "watch or publish on the supervisor's message bus");

        var pattern = new Argument<string>("pattern") { Description = "topic pattern: * = one token, > = the rest (e.g. attacker.>)", DefaultValueFactory = _ => ">" };
        var json = new Option<bool>("--json") { Description = "print each message as its JSON envelope" };
        var count = new Option<int>("--count") { Description = "exit after N messages (0 = until interrupted)" };
        var tail = new Command("tail", "print bus messages matching PATTERN until interrupted") { pattern, json, count };
        tail.SetAction(ModeGate.AnyMode(host, async (ctx, pr, ct) =>
        {
            var text = pr.GetValue(pattern)!;
            if (!TopicPattern.TryParse(text, out _, out var error)) return ctx.Fail(ExitCodes.Usage, $"pattern '{text}': {error}");
            using var client = SupervisorClient.TryConnect(ctx.Settings, out var reason);
            if (client is null || client.Info.BusSubscribeEndpoint is null)
                return ctx.Fail(ExitCodes.Failure, client is null ? reason : "the supervisor runs without a bus (idle mode)");
            using var bus = BusClient.ConnectExternal(Endpoints(client.Info), client.Credentials, ctx.Time);
            using var subscription = bus.Subscribe(text);
            using var signal = new ShutdownSignal();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _ = signal.Signalled.ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
            var limit = pr.GetValue(count);
            var seen = 0;
            try
            {
                await foreach (var envelope in subscription.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    if (pr.GetValue(json)) ctx.Out.WriteLine(Encoding.UTF8.GetString(EnvelopeCodec.Encode(envelope)));
                    else ctx.Out.WriteLine($"{IsoTimestamp.Format(envelope.Ts)} {envelope.Topic} {envelope.Type} {Encoding.UTF8.GetString(envelope.Payload.Span)}");
                    ctx.Out.Flush();
                    if (limit > 0 && ++seen >= limit) break;
                }
            }
            catch (OperationCanceledException) { }
            if (subscription.Overflow > 0) ctx.Err.WriteLine($"decnet: {subscription.Overflow} messages dropped (too slow to print)");
            return ExitCodes.Ok;
        }));
        group.Subcommands.Add(tail);

        var topic = new Argument<string>("topic") { Description = "topic, e.g. system.profiler.control" };
        var payload = new Argument<string>("json") { Description = "payload JSON (default {})", DefaultValueFactory = _ => "{}" };
        var type = new Option<string?>("--type") { Description = "envelope type (default: the topic)" };
        var publish = new Command("publish", "publish one message") { topic, payload, type };
        publish.SetAction(ModeGate.AnyMode(host, async (ctx, pr, ct) =>
        {
            var t = pr.GetValue(topic)!;
            if (!Topics.IsValidTopic(t, out var error)) return ctx.Fail(ExitCodes.Usage, $"topic '{t}': {error}");
            var body = Encoding.UTF8.GetBytes(pr.GetValue(payload)!);
            try { using var _ = JsonDocument.Parse(body); }
            catch (JsonException e) { return ctx.Fail(ExitCodes.Usage, $"payload is not JSON: {e.Message}"); }
            using var client = SupervisorClient.TryConnect(ctx.Settings, out var reason);
            if (client is null || client.Info.BusPublishEndpoint is null)
                return ctx.Fail(ExitCodes.Failure, client is null ? reason : "the supervisor runs without a bus (idle mode)");
            // Sent through the control channel so the command knows the broker has it before it exits
            // (a PUSH socket closed right after sending may drop the message).
            var envelope = new BusEnvelope(EnvelopeId.New(ctx.Time), ctx.Time.GetUtcNow(), t, pr.GetValue(type) ?? t, body);
            await client.PublishAsync(envelope, ct).ConfigureAwait(false);
            ctx.Out.WriteLine($"published {t} id {envelope.Id}");
            return ExitCodes.Ok;
        }));
        group.Subcommands.Add(publish);
        root.Subcommands.Add(group);
    }

    private static BusEndpoints Endpoints(SupervisorInfo info) => new(info.BusPublishEndpoint!, info.BusSubscribeEndpoint!);
}
