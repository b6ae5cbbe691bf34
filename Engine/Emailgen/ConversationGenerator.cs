using System.Globalization;
using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// Threads between personas: who starts one on which topic, who answers whom, and when — only inside the writer's
/// working hours, after a realistic gap (minutes to a couple of days, most replies the same day). Deterministic for a
/// seed with the offline backend.
/// </summary>
public sealed class ConversationGenerator(IMessageBackend backend)
{
    public IMessageBackend Backend => backend;

    /// <summary>
    /// <paramref name="count"/> messages dated in [<paramref name="from"/>, <paramref name="to"/>), in date order, written
    /// by <paramref name="personas"/> (at least two).
    /// </summary>
    public async Task<IReadOnlyList<ThreadMessage>> GenerateAsync(IReadOnlyList<Persona> personas, int count,
        DateTimeOffset from, DateTimeOffset to, Random rng, CancellationToken ct)
    {
        if (personas.Count < 2) throw new ArgumentException("a conversation needs at least two personas", nameof(personas));
        if (to <= from) throw new ArgumentException("the time window is empty", nameof(to));
        var all = new List<ThreadMessage>(count);
        var attempts = 0;
        while (all.Count < count)
        {
            ct.ThrowIfCancellationRequested();
            var thread = StartThread(personas, rng);
            var length = 1;
            while (length < 7 && rng.NextDouble() < 0.6) length++;
            length = Math.Min(length, count - all.Count);
            var sender = thread.Participants[0];
            var date = PersonaClock.RandomWorking(sender, from, to, rng);
            var (recipients, cc) = OpeningRecipients(thread);
            for (var i = 0; i < length; i++)
            {
                if (i > 0)
                {
                    (sender, recipients, cc) = NextTurn(thread, rng);
                    date = PersonaClock.NextWorking(sender, date + ReplyGap(rng), rng);
                    if (date >= to) break;
                }
                all.Add(await WriteNextAsync(thread, sender, recipients, cc, date, rng, ct).ConfigureAwait(false));
            }
            // A window too short for anyone's working hours would never fill up.
            if (++attempts > count * 20 + 100) throw new InvalidOperationException("no working hours fall inside the time window");
        }
        all.Sort((a, b) => a.Date.CompareTo(b.Date));
        return all;
    }

    /// <summary>A new thread: an initiator (random unless given), a topic from their department, and one to three others.</summary>
    public MailThread StartThread(IReadOnlyList<Persona> personas, Random rng, Persona? initiator = null)
    {
        initiator ??= personas[rng.Next(personas.Count)];
        var topics = MailTopics.ForDepartment(initiator.Department);
        var topic = topics[rng.Next(topics.Count)];
        var others = personas.Where(p => p != initiator).ToList();
        var participants = new List<Persona> { initiator };
        var preferred = MailTopics.PreferredRecipientDepartment(topic) is { } dept ? others.Where(p => p.Department == dept).ToArray() : [];
        var first = preferred.Length > 0 && rng.Next(10) < 6 ? preferred[rng.Next(preferred.Length)] : others[rng.Next(others.Count)];
        participants.Add(first);
        others.Remove(first);
        var extra = rng.Next(10) switch { < 6 => 0, < 9 => 1, _ => 2 };
        for (var i = 0; i < extra && others.Count > 0; i++)
        {
            var p = others[rng.Next(others.Count)];
            participants.Add(p);
            others.Remove(p);
        }
        var words = WordList.For(initiator.Language);
        return new MailThread($"{rng.NextInt64():x16}", topic, initiator.Language, participants, OfflineBackend.ThreadSlots(words, rng));
    }

    /// <summary>The opening message goes to the second participant (and the third); a fourth is copied.</summary>
    public static (IReadOnlyList<Persona> To, IReadOnlyList<Persona> Cc) OpeningRecipients(MailThread thread)
    {
        var p = thread.Participants;
        return p.Count switch
        {
            2 => ([p[1]], []),
            3 => ([p[1], p[2]], []),
            _ => ([p[1], p[2]], p.Skip(3).ToArray()),
        };
    }

    /// <summary>Who answers next: one of the last message's recipients, replying to its sender (reply-all keeps the others).</summary>
    public static (Persona Sender, IReadOnlyList<Persona> To, IReadOnlyList<Persona> Cc) NextTurn(MailThread thread, Random rng)
    {
        var last = thread.Last ?? throw new InvalidOperationException("the thread has no message to answer");
        var candidates = last.To.Count > 1 && rng.Next(3) == 0 ? last.To.Concat(last.Cc).ToArray() : [last.To[0]];
        var sender = candidates[rng.Next(candidates.Length)];
        var to = new List<Persona> { last.From };
        to.AddRange(last.To.Where(p => p != sender && p != last.From));
        var cc = last.Cc.Where(p => p != sender && !to.Contains(p)).ToArray();
        return (sender, to, cc);
    }

    /// <summary>Minutes to days: most answers within hours, a long tail up to about three days.</summary>
    public static TimeSpan ReplyGap(Random rng) => TimeSpan.FromMinutes(4 + 60 * 24 * 3 * Math.Pow(rng.NextDouble(), 4));

    /// <summary>Asks the backend for the text and wraps it as the thread's next message (quoting the previous one).</summary>
    public async Task<ThreadMessage> WriteNextAsync(MailThread thread, Persona sender, IReadOnlyList<Persona> to, IReadOnlyList<Persona> cc,
        DateTimeOffset date, Random rng, CancellationToken ct)
    {
        // Whole seconds: the Date header and the file's mtime carry no more.
        date = new DateTimeOffset(date.UtcTicks - date.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var draft = await backend.WriteAsync(new MessageRequest(thread, sender, to, rng), ct).ConfigureAwait(false);
        thread.BaseSubject ??= draft.Subject;
        var last = thread.Last;
        var id = MimeMessageWriter.NewMessageId(date, sender.Domain, rng);
        string subject, body;
        IReadOnlyList<string> references;
        if (last is null)
        {
            subject = thread.BaseSubject;
            body = draft.Text;
            references = [];
        }
        else
        {
            subject = "Re: " + thread.BaseSubject;
            body = draft.Text + "\n\n" + Quote(last, sender);
            // RFC 5322 §3.6.4: the parent's References followed by the parent's Message-ID.
            references = [.. last.References, last.MessageId];
        }
        var message = new ThreadMessage(id, thread.Id, thread.Topic, sender, to, cc, subject, body, date,
            last?.MessageId, references, draft.Backend);
        thread.Messages.Add(message);
        return message;
    }

    /// <summary>"On …, X wrote:" and the earlier message with "> " before each line (kept to 40 lines).</summary>
    private static string Quote(ThreadMessage previous, Persona reader)
    {
        var words = WordList.For(reader.Language);
        var local = PersonaClock.Local(reader, previous.Date);
        var ci = CultureInfo.InvariantCulture;
        var when = reader.Language == "es" ? local.ToString("dd/MM/yyyy H:mm", ci) : local.ToString("ddd, d MMM yyyy 'at' HH:mm", ci);
        var header = words.Section("quote_header")[0].Replace("{date}", when).Replace("{name}", previous.From.DisplayName);
        var sb = new StringBuilder(previous.Body.Length + 256).Append(header);
        var lines = previous.Body.Split('\n');
        foreach (var line in lines.Take(40)) sb.Append('\n').Append(line.StartsWith('>') ? ">" : "> ").Append(line);
        if (lines.Length > 40) sb.Append("\n> [...]");
        return sb.ToString();
    }
}
