using Decnet.Engine.Supervisor;
using Decnet.Engine.Topology;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// The IMAP/POP3 deckies of every live topology in the store (deploying, active or degraded). A decky's mail name is
/// <c>&lt;topology id&gt;-&lt;decky&gt;</c>: decky names repeat across topologies, the spool directory and bus token must not.
/// </summary>
public sealed class TopologyMailDeckies(StoreGate store) : IMailDeckySource
{
    public static readonly string[] MailServices = ["imap", "pop3"];

    public IReadOnlyList<MailDecky> ListRunningMailDeckies() => store.Use(s =>
        s.Topologies.DeckiesOffering(MailServices)
            .Where(p => p.Status is TopologyStatus.Active or TopologyStatus.Degraded)
            .Select(p => new MailDecky(SpoolName(p.TopologyId, p.Decky.Name), Domain(p), [], p.TopologyId))
            .ToArray());

    /// <summary>The decky's directory under the spool and its token in <c>orchestrator.email.&lt;decky&gt;</c>.</summary>
    public static string SpoolName(string topologyId, string decky) => $"{topologyId}-{decky}";

    // The generator gives mail servers a `domain` setting; a hand-made topology may not: fall back to its name.
    private static string Domain(DeckyPlacement p) =>
        p.Decky.Config.FirstOrDefault(c => c.Key == "domain" && c.Service is "smtp" or "imap" or "pop3").Value
        ?? $"{p.TopologyName.ToLowerInvariant()}.example";
}
