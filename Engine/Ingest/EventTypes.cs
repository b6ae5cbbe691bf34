namespace Decnet.Engine.Ingest;

/// <summary>Canonical event names shared by every input format and by <c>decnet simulate</c>.</summary>
public static class EventTypes
{
    public const string SessionConnect = "session.connect";
    public const string SessionClosed = "session.closed";
    public const string ClientVersion = "ssh.client_version";
    public const string ClientKex = "ssh.client_kex";
    public const string LoginFailed = "login.failed";
    public const string LoginSuccess = "login.success";
    public const string CommandInput = "command.input";
    public const string FileDownload = "file.download";
    public const string DirectTcpip = "tcpip.direct";
    public const string HttpRequest = "http.request";
}
