namespace Decnet.Engine.Emailgen;

/// <summary>What the store keeps of one generated message (the file itself lives in the spool).</summary>
public sealed record MailRecord(
    string MessageId,
    string Decky,
    string ThreadId,
    string Topic,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    DateTimeOffset Date,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string Backend,
    IReadOnlyList<string> Mailboxes)
{
    public static MailRecord Of(ThreadMessage m, string decky, IReadOnlyList<string> mailboxes) =>
        new(m.MessageId, decky, m.ThreadId, m.Topic, m.From.Email, m.To.Select(p => p.Email).ToArray(), m.Cc.Select(p => p.Email).ToArray(),
            m.Subject, PersonaClock.Local(m.From, m.Date), m.InReplyTo, m.References, m.Backend, mailboxes);

    public bool Equivalent(MailRecord o) =>
        MessageId == o.MessageId && Decky == o.Decky && ThreadId == o.ThreadId && Topic == o.Topic && From == o.From
        && To.SequenceEqual(o.To) && Cc.SequenceEqual(o.Cc) && Subject == o.Subject && Date == o.Date && Date.Offset == o.Date.Offset
        && InReplyTo == o.InReplyTo && References.SequenceEqual(o.References) && Backend == o.Backend && Mailboxes.SequenceEqual(o.Mailboxes);
}
