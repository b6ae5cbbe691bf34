using System.Text.Json;
using Decnet.Bus;
using Decnet.Engine.Config;
using Decnet.Engine.Ingest;

namespace Decnet.Engine.Supervisor;

/// <summary>Another process's handle on a running supervisor, over the authenticated control channel.</summary>
public sealed class SupervisorClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    // A forwarded command runs the whole operation in the supervisor (a `topology deploy` waits for docker compose,
    // an import rebuilds indexes): it gets minutes, not seconds; Ctrl-C still cancels through the token.
    public static readonly TimeSpan ExecTimeout = TimeSpan.FromMinutes(15);
    private readonly ControlClient _control;

    private SupervisorClient(SupervisorInfo info, BusCredentials credentials)
    {
        Info = info;
        Credentials = credentials;
        _control = new ControlClient(info.ControlEndpoint, credentials);
    }

    public SupervisorInfo Info { get; }
    public BusCredentials Credentials { get; }

    /// <summary>Null (with the reason) when no supervisor published itself or its credentials are unreadable.</summary>
    public static SupervisorClient? TryConnect(DecnetSettings settings, out string reason)
    {
        var info = SupervisorInfo.TryRead(settings.DataDir);
        if (info is null)
        {
            reason = $"no supervisor is running for {settings.DataDir} (start it with 'decnet supervise')";
            return null;
        }
        try
        {
            var credentials = BusCredentials.Load(settings.BusKeyFile);
            reason = "";
            return new SupervisorClient(info, credentials);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            reason = $"cannot read the control credentials {settings.BusKeyFile}: {e.Message} (are you in the decnet group?)";
            return null;
        }
    }

    public async Task<ExecReply> ExecAsync(IReadOnlyList<string> argv, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ExecRequest(argv), SupervisorJson.Default.ExecRequest);
        var reply = await RequestAsync(ControlOps.Exec, body, ExecTimeout, ct).ConfigureAwait(false);
        return JsonSerializer.Deserialize(reply, SupervisorJson.Default.ExecReply) ?? throw new InvalidDataException("exec: empty reply");
    }

    public async Task<IngestReply> IngestAsync(IReadOnlyList<DecnetEvent> events, CancellationToken ct)
    {
        var reply = await RequestAsync(ControlOps.Ingest, JsonlBatch.Encode(events), DefaultTimeout, ct).ConfigureAwait(false);
        return JsonSerializer.Deserialize(reply, SupervisorJson.Default.IngestReply) ?? throw new InvalidDataException("ingest: empty reply");
    }

    public async Task PublishAsync(BusEnvelope envelope, CancellationToken ct) =>
        await RequestAsync(ControlOps.Publish, EnvelopeCodec.Encode(envelope), DefaultTimeout, ct).ConfigureAwait(false);

    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await _control.RequestAsync(ControlOps.Ping, ReadOnlyMemory<byte>.Empty, timeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (ControlUnavailableException) { return false; }
    }

    private async Task<byte[]> RequestAsync(string op, ReadOnlyMemory<byte> body, TimeSpan timeout, CancellationToken ct)
    {
        var reply = await _control.RequestAsync(op, body, timeout, ct).ConfigureAwait(false);
        if (!reply.Ok) throw new InvalidOperationException($"supervisor refused {op}: {System.Text.Encoding.UTF8.GetString(reply.Body.Span)}");
        return reply.Body.ToArray();
    }

    public void Dispose() => _control.Dispose();
}
