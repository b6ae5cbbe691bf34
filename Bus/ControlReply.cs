using System.Text;

namespace Decnet.Bus;

/// <summary>A control-channel reply: status <c>ok</c> with the handler's bytes, or <c>error</c> with a UTF-8 message.</summary>
public sealed record ControlReply(bool Ok, ReadOnlyMemory<byte> Body)
{
    public const string StatusOk = "ok";
    public const string StatusError = "error";

    public string Status => Ok ? StatusOk : StatusError;

    /// <summary>The server's error message (empty when <see cref="Ok"/>).</summary>
    public string ErrorMessage => Ok ? "" : Encoding.UTF8.GetString(Body.Span);
}

/// <summary>The control server did not answer in time: it is not running, or the credentials do not match.</summary>
public sealed class ControlUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
