using Decnet.Engine.Supervisor;

namespace Decnet.Commands;

/// <summary>Runs a command line received over the control channel inside the supervisor, capturing its output.</summary>
public static class ForwardedInvocation
{
    public static async Task<ExecReply> RunAsync(CommandHost caller, SupervisorRuntime runtime, IReadOnlyList<string> argv, CancellationToken ct)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = new CommandHost
        {
            Environment = caller.Environment,
            Output = stdout,
            Error = stderr,
            OpenStdin = () => Stream.Null,
            Time = caller.Time,
            Args = argv,
            Supervisor = runtime,
        };
        var code = await CommandTree.InvokeAsync(host, ct).ConfigureAwait(false);
        return new ExecReply(code, stdout.ToString(), stderr.ToString());
    }
}
