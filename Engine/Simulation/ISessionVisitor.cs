namespace Decnet.Engine.Simulation;

/// <summary>
/// Receives one session's events in time order from <see cref="SessionEvents.Walk{TVisitor}"/>. Rendering text and
/// folding profiles in memory are both visitors of the same walk, so they cannot disagree on timing or content.
/// </summary>
public interface ISessionVisitor
{
    void Connect(DateTimeOffset at);
    void ClientVersion(DateTimeOffset at, SshClient client);
    void ClientKex(DateTimeOffset at, SshClient client);
    void Login(DateTimeOffset at, Credential credential, bool success);
    void Command(DateTimeOffset at, string command);
    void Download(DateTimeOffset at, Payload payload);
    void DirectTcpip(DateTimeOffset at, string host, int port);
    void Closed(DateTimeOffset at);
}
