namespace Decnet.Engine.Emailgen;

/// <summary>What a backend is asked to write: the next message of <see cref="Thread"/>, from <see cref="Sender"/>.</summary>
public sealed record MessageRequest(MailThread Thread, Persona Sender, IReadOnlyList<Persona> To, Random Rng)
{
    public bool IsReply => Thread.Messages.Count > 0;
}

/// <summary>A backend's answer: the thread's subject (without "Re:") and the new text (without the quoted earlier message).</summary>
public sealed record MessageDraft(string Subject, string Text, string Backend);

/// <summary>Writes message text: <see cref="OfflineBackend"/> (templates, no network) or <see cref="OllamaBackend"/> (a local LLM).</summary>
public interface IMessageBackend
{
    string Name { get; }
    Task<MessageDraft> WriteAsync(MessageRequest request, CancellationToken ct);
}
