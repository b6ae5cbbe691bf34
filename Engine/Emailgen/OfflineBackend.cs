using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// The default backend: embedded templates and a small grammar (greeting, two to five sentences drawn from the
/// topic's sections, a closing, a sign-off in the persona's style), filled with the thread's slots. No network.
/// </summary>
public sealed class OfflineBackend : IMessageBackend
{
    public const string BackendName = "offline";
    public string Name => BackendName;

    public Task<MessageDraft> WriteAsync(MessageRequest request, CancellationToken ct) => Task.FromResult(Write(request));

    public MessageDraft Write(MessageRequest request)
    {
        var thread = request.Thread;
        var rng = request.Rng;
        var words = WordList.For(thread.Language);
        var text = new TemplateText(words, rng, MessageSlots(thread, request.Sender, request.To, words, rng));
        var topic = "topic." + thread.Topic;
        var subject = thread.BaseSubject ?? text.FillFrom(topic + ".subject");

        var sentences = new List<string>(6);
        if (!request.IsReply)
        {
            sentences.Add(text.FillFrom(topic + ".open"));
            var details = request.Sender.Style == WritingStyle.Terse ? rng.Next(0, 2) : rng.Next(1, 3);
            AddDistinct(sentences, text, topic + ".detail", details);
            sentences.Add(text.FillFrom(topic + ".ask"));
        }
        else
        {
            sentences.Add(text.FillFrom(topic + ".reply"));
            if (rng.Next(3) == 0) AddDistinct(sentences, text, topic + ".detail", 1);
            if (rng.Next(3) == 0) sentences.Add(text.FillFrom(topic + ".ask"));
        }
        if (request.Sender.Style != WritingStyle.Terse && rng.Next(3) != 0) sentences.Add(text.FillFrom("closing"));

        var style = Persona.StyleName(request.Sender.Style);
        var body = new StringBuilder(512);
        body.Append(text.FillFrom("greeting." + style)).Append("\n\n");
        // One or two paragraphs: people break longer mails up.
        var split = sentences.Count > 3 && rng.Next(2) == 0 ? 2 : sentences.Count;
        for (var i = 0; i < sentences.Count; i++)
        {
            if (i == split) body.Append("\n\n");
            else if (i > 0) body.Append(' ');
            body.Append(sentences[i]);
        }
        body.Append("\n\n").Append(text.FillFrom("signoff." + style)).Append('\n');
        body.Append(request.Sender.Style == WritingStyle.Formal
            ? $"{request.Sender.DisplayName}\n{request.Sender.Role}"
            : request.Sender.FirstName);
        return new MessageDraft(subject, LineWrap.Wrap(body.ToString(), 72), BackendName);
    }

    private static void AddDistinct(List<string> into, TemplateText text, string section, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var s = text.FillFrom(section);
            if (!into.Contains(s)) into.Add(s);
        }
    }

    /// <summary>The thread's fixed slots plus the ones that depend on who writes to whom.</summary>
    internal static Dictionary<string, string> MessageSlots(MailThread thread, Persona sender, IReadOnlyList<Persona> to, WordList words, Random rng)
    {
        var slots = new Dictionary<string, string>(thread.Slots, StringComparer.Ordinal)
        {
            ["first"] = to.Count == 1 ? to[0].FirstName : words.Language == "es" ? "equipo" : "all",
            ["sender_first"] = sender.FirstName,
        };
        var others = thread.Participants.Where(p => p != sender && !to.Contains(p)).ToArray();
        slots["name2"] = others.Length > 0 ? others[rng.Next(others.Length)].FirstName : words.Pick("first_names", rng);
        slots["name3"] = words.Pick("first_names", rng);
        return slots;
    }

    /// <summary>Values fixed for a whole thread.</summary>
    public static Dictionary<string, string> ThreadSlots(WordList words, Random rng)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var roleLine = words.Pick("roles", rng);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["project"] = words.Pick("projects", rng),
            ["vendor"] = words.Pick("vendors", rng),
            ["invoice"] = $"INV-{rng.Next(2023, 2027).ToString(ci)}-{rng.Next(1000, 99999).ToString("00000", ci)}",
            ["ticket"] = rng.Next(10000, 999999).ToString(ci),
            ["newhire"] = words.Pick("first_names", rng) + " " + words.Pick("last_names", rng),
            ["role"] = roleLine[(roleLine.IndexOf('|') + 1)..],
        };
    }
}
