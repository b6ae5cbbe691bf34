namespace Decnet.Engine.Emailgen;

/// <summary>One written message of a thread, before it becomes MIME.</summary>
public sealed record ThreadMessage(
    string MessageId,
    string ThreadId,
    string Topic,
    Persona From,
    IReadOnlyList<Persona> To,
    IReadOnlyList<Persona> Cc,
    string Subject,
    string Body,
    DateTimeOffset Date,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string Backend)
{
    public IEnumerable<Persona> Recipients => To.Concat(Cc);
}

/// <summary>
/// A conversation between two or more personas on one topic. <see cref="Slots"/> are the values fixed for the whole
/// thread (the invoice number, the project), so replies talk about the same things as the opening message.
/// </summary>
public sealed class MailThread(string id, string topic, string language, IReadOnlyList<Persona> participants, IReadOnlyDictionary<string, string> slots)
{
    public string Id { get; } = id;
    public string Topic { get; } = topic;
    public string Language { get; } = language;
    public IReadOnlyList<Persona> Participants { get; } = participants;
    public IReadOnlyDictionary<string, string> Slots { get; } = slots;
    public List<ThreadMessage> Messages { get; } = [];
    public string? BaseSubject { get; set; }
    public ThreadMessage? Last => Messages.Count == 0 ? null : Messages[^1];
}
