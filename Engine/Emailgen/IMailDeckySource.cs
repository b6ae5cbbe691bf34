namespace Decnet.Engine.Emailgen;

/// <summary>
/// A running decky that serves mail (IMAP and/or POP3): its name (the spool directory), its mail domain, and the
/// mailbox users it was deployed with (empty = emailgen makes up personas for the domain). <see cref="Scope"/> is the
/// topology it belongs to, so its personas are stored per topology.
/// </summary>
public sealed record MailDecky(string Name, string Domain, IReadOnlyList<string> Users, string Scope = Persona.GlobalScope);

/// <summary>
/// Where the emailgen worker learns which mail deckies are running. The topology store implements it (every running
/// IMAP/POP3 decky of every stored topology); tests use a fake.
/// </summary>
public interface IMailDeckySource
{
    IReadOnlyList<MailDecky> ListRunningMailDeckies();
}

/// <summary>No topologies wired in: the worker has nothing to do.</summary>
public sealed class NoMailDeckies : IMailDeckySource
{
    public static readonly NoMailDeckies Instance = new();
    public IReadOnlyList<MailDecky> ListRunningMailDeckies() => [];
}
