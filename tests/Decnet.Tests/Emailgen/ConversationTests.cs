using Decnet.Engine.Emailgen;

namespace Decnet.Tests.Emailgen;

/// <summary>Threads chain, working hours hold, a seed reproduces everything, and the offline backend varies enough.</summary>
public class ConversationTests
{
    [Test]
    public async Task RepliesChainToTheirParentAndQuoteIt()
    {
        var messages = await EmailgenKit.Conversations(400, seed: 5);
        var byId = messages.ToDictionary(m => m.MessageId);
        var threads = messages.GroupBy(m => m.ThreadId).ToArray();
        await Assert.That(threads.Count(t => t.Count() >= 3)).IsGreaterThan(10);
        foreach (var thread in threads)
        {
            var ordered = thread.OrderBy(m => m.Date).ToArray();
            await Assert.That(ordered[0].InReplyTo).IsNull();
            var baseSubject = ordered[0].Subject;
            for (var i = 1; i < ordered.Length; i++)
            {
                var m = ordered[i];
                var parent = ordered[i - 1];
                await Assert.That(m.InReplyTo).IsEqualTo(parent.MessageId);
                await Assert.That(m.References.ToArray()).IsEquivalentTo(parent.References.Append(parent.MessageId).ToArray());
                await Assert.That(m.Subject).IsEqualTo("Re: " + baseSubject);
                await Assert.That(m.Date).IsGreaterThan(parent.Date);
                // A reply goes back to the one it answers, from one of that message's recipients.
                await Assert.That(m.To.Contains(parent.From)).IsTrue();
                await Assert.That(parent.Recipients.Contains(m.From)).IsTrue();
                await Assert.That(m.Body).Contains("> ");
                await Assert.That(m.Body).Contains(parent.From.DisplayName);
                await Assert.That(byId.ContainsKey(m.InReplyTo!)).IsTrue();
            }
        }
        await Assert.That(messages.Select(m => m.MessageId).Distinct().Count()).IsEqualTo(messages.Count);
        await Assert.That(messages.Zip(messages.Skip(1)).All(p => p.First.Date <= p.Second.Date)).IsTrue();
    }

    [Test]
    public async Task EveryMessageIsWrittenInsideTheSendersWorkingHours()
    {
        var personas = EmailgenKit.Company(12, "mixed", seed: 21);
        var messages = await EmailgenKit.Conversations(1000, seed: 8, personas);
        foreach (var m in messages)
        {
            var local = PersonaClock.Local(m.From, m.Date);
            await Assert.That(local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).IsFalse().Because($"{m.MessageId} sent on a {local.DayOfWeek}");
            await Assert.That(local.Hour).IsGreaterThanOrEqualTo(m.From.WorkStartHour).Because($"{m.MessageId} at {local}");
            await Assert.That(local.Hour).IsLessThan(m.From.WorkEndHour).Because($"{m.MessageId} at {local}");
            await Assert.That(m.Date).IsLessThan(EmailgenKit.Until);
            await Assert.That(m.Date).IsGreaterThanOrEqualTo(EmailgenKit.Until.AddDays(-30));
        }
        // Spread over the window, not bunched: most weekdays of the 30 days carry mail.
        var days = messages.Select(m => m.Date.UtcDateTime.Date).Distinct().Count();
        await Assert.That(days).IsGreaterThanOrEqualTo(18);
    }

    [Test]
    public async Task NextWorkingSkipsNightsAndWeekends()
    {
        var p = new Persona("a.b@corp.example", "A", "B", "R", "IT", "en", "America/New_York", 9, 17, WritingStyle.Casual);
        var saturday = new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
        var next = PersonaClock.NextWorking(p, saturday, new Random(1));
        var local = PersonaClock.Local(p, next);
        await Assert.That(local.DayOfWeek).IsEqualTo(DayOfWeek.Monday);
        await Assert.That(local.Hour).IsGreaterThanOrEqualTo(9);
        await Assert.That(local.Hour).IsLessThan(11);
        await Assert.That(local.Offset).IsEqualTo(TimeSpan.FromHours(-5));
        var inside = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero); // 10:00 in New York
        await Assert.That(PersonaClock.NextWorking(p, inside, new Random(1))).IsEqualTo(inside);
    }

    [Test]
    public async Task SameSeedSameBytesOtherSeedOtherMail()
    {
        var a = await EmailgenKit.Conversations(200, seed: 42);
        var b = await EmailgenKit.Conversations(200, seed: 42);
        var c = await EmailgenKit.Conversations(200, seed: 43);
        await Assert.That(a.Select(MimeMessageWriter.Write).Select(Convert.ToBase64String).ToArray())
            .IsEquivalentTo(b.Select(MimeMessageWriter.Write).Select(Convert.ToBase64String).ToArray());
        await Assert.That(a.Select(m => m.Body).Intersect(c.Select(m => m.Body)).Count()).IsLessThan(5);
        var p1 = EmailgenKit.Company(20, "mixed", seed: 9);
        var p2 = EmailgenKit.Company(20, "mixed", seed: 9);
        await Assert.That(p1.SequenceEqual(p2)).IsTrue();
    }

    [Test]
    public async Task AThousandOfflineMessagesHaveAtLeast95PercentDistinctBodies()
    {
        var messages = await EmailgenKit.Conversations(1000, seed: 1);
        // The new text only: a quoted parent would make replies distinct for free.
        var texts = messages.Select(m => m.InReplyTo is null ? m.Body : m.Body[..m.Body.LastIndexOf("\n\n", m.Body.IndexOf("\n> ", StringComparison.Ordinal), StringComparison.Ordinal)]).ToArray();
        var distinct = texts.Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"distinct bodies: {distinct}/1000 (new text only, quotes removed); whole bodies {messages.Select(m => m.Body).Distinct().Count()}/1000");
        await Assert.That(distinct).IsGreaterThanOrEqualTo(950);
        await Assert.That(messages.Select(m => m.Topic).Distinct().Count()).IsEqualTo(MailTopics.All.Count);
    }

    [Test]
    public async Task SpanishPersonasWriteSpanish()
    {
        var personas = EmailgenKit.Company(6, "es", seed: 4, domain: "empresa.example");
        await Assert.That(personas.All(p => p.Language == "es" && p.Email.EndsWith("@empresa.example") && p.Email.All(c => c < 0x80))).IsTrue();
        var messages = await EmailgenKit.Conversations(60, seed: 4, personas);
        var spanishMarkers = new[] { "Hola", "Estimado", "Buenos", "Buenas", "Saludos", "Gracias", "gracias", "Atentamente", "Un abrazo", "Hablamos" };
        await Assert.That(messages.Count(m => spanishMarkers.Any(m.Body.Contains))).IsGreaterThanOrEqualTo(55);
        await Assert.That(messages.Where(m => m.InReplyTo is not null).All(m => m.Body.Contains(" escribió:"))).IsTrue();
    }
}
