using Decnet.Engine.Emailgen;
using MimeKit;

namespace Decnet.Tests.Emailgen;

/// <summary>Every generated message is valid RFC 5322/MIME as MimeKit reads it, headers intact, non-ASCII decoded back.</summary>
public class MimeMessageTests
{
    [Test]
    [Arguments("en")]
    [Arguments("es")]
    [Arguments("mixed")]
    public async Task EveryMessageParsesWithHeadersIntact(string language)
    {
        var personas = EmailgenKit.Company(10, language, seed: 11);
        var messages = await EmailgenKit.Conversations(300, seed: 3, personas);
        await Assert.That(messages.Count).IsEqualTo(300);
        foreach (var m in messages)
        {
            var bytes = MimeMessageWriter.Write(m);
            var parsed = EmailgenKit.Parse(bytes);
            await Assert.That("<" + parsed.MessageId + ">").IsEqualTo(m.MessageId);
            await Assert.That(parsed.Date).IsEqualTo(m.Date);
            // Date is written in the sender's own timezone.
            await Assert.That(parsed.Date.Offset).IsEqualTo(PersonaClock.Local(m.From, m.Date).Offset);
            var from = (MailboxAddress)parsed.From.Single();
            await Assert.That(from.Address).IsEqualTo(m.From.Email);
            await Assert.That(from.Name).IsEqualTo(m.From.DisplayName);
            await Assert.That(parsed.To.Mailboxes.Select(a => a.Address).ToArray()).IsEquivalentTo(m.To.Select(p => p.Email).ToArray());
            await Assert.That(parsed.To.Mailboxes.Select(a => a.Name ?? "").ToArray()).IsEquivalentTo(m.To.Select(p => p.DisplayName).ToArray());
            await Assert.That(parsed.Cc.Mailboxes.Select(a => a.Address).ToArray()).IsEquivalentTo(m.Cc.Select(p => p.Email).ToArray());
            await Assert.That(parsed.Subject).IsEqualTo(m.Subject);
            await Assert.That(parsed.Headers[HeaderId.MimeVersion]).IsEqualTo("1.0");
            var part = (TextPart)parsed.Body!;
            await Assert.That(part.ContentType.MimeType).IsEqualTo("text/plain");
            await Assert.That(part.ContentType.Charset).IsEqualTo("utf-8");
            await Assert.That(part.Text!.TrimEnd('\n')).IsEqualTo(m.Body.TrimEnd('\n'));
            if (m.InReplyTo is null)
            {
                await Assert.That(parsed.InReplyTo).IsNull();
                await Assert.That(parsed.References.Count).IsEqualTo(0);
            }
            else
            {
                await Assert.That("<" + parsed.InReplyTo + ">").IsEqualTo(m.InReplyTo);
                await Assert.That(parsed.References.Select(r => "<" + r + ">").ToArray()).IsEquivalentTo(m.References.ToArray());
                await Assert.That(parsed.Subject).StartsWith("Re: ");
            }
            // Raw form: 7-bit clean on the wire (RFC 2047 / quoted-printable did their job), no line over 998.
            await Assert.That(bytes.All(b => b < 0x80)).IsTrue();
            await Assert.That(System.Text.Encoding.ASCII.GetString(bytes).Split('\n').Max(l => l.Length)).IsLessThanOrEqualTo(998);
        }
    }

    [Test]
    public async Task NonAsciiNamesAndSubjectsAreEncodedWords()
    {
        var ana = new Persona("ana.nunez@empresa.example", "Ana", "Núñez", "Técnica de Recursos Humanos", "HR", "es", "Europe/Madrid", 9, 18, WritingStyle.Formal);
        var inigo = new Persona("inigo.pena@empresa.example", "Iñigo", "Peña", "Técnico de Soporte", "IT", "es", "Europe/Madrid", 8, 17, WritingStyle.Casual);
        var subject = "Reunión del miércoles — añadir orden del día con más de cuarenta y cinco bytes en UTF-8 ñññ";
        var m = new ThreadMessage("<a.1@empresa.example>", "t1", MailTopics.Meeting, ana, [inigo], [], subject, "¡Hola Iñigo!\n\nCañón, pingüino = 100 € ", new DateTimeOffset(2026, 11, 18, 9, 30, 0, TimeSpan.Zero), null, [], "offline");
        var raw = System.Text.Encoding.ASCII.GetString(MimeMessageWriter.Write(m));
        await Assert.That(raw).Contains("Subject: =?utf-8?B?");
        await Assert.That(raw).Contains("Content-Transfer-Encoding: quoted-printable");
        await Assert.That(raw).Contains("Date: Wed, 18 Nov 2026 10:30:00 +0100");
        var parsed = EmailgenKit.Parse(MimeMessageWriter.Write(m));
        await Assert.That(parsed.Subject).IsEqualTo(subject);
        await Assert.That(((MailboxAddress)parsed.From[0]).Name).IsEqualTo("Ana Núñez");
        await Assert.That(((MailboxAddress)parsed.To[0]).Name).IsEqualTo("Iñigo Peña");
        await Assert.That(((TextPart)parsed.Body!).Text).IsEqualTo("¡Hola Iñigo!\n\nCañón, pingüino = 100 € \n");
    }

    [Test]
    public async Task QuotedPrintableKeepsLinesShortAndRoundTrips()
    {
        var line = string.Concat(Enumerable.Repeat("añadir é = ", 40)) + " \t";
        var encoded = QuotedPrintable.Encode(line + "\nsecond");
        await Assert.That(encoded.Split('\n').Max(l => l.Length)).IsLessThanOrEqualTo(76);
        using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(encoded));
        var decoded = new MemoryStream();
        using (var filtered = new MimeKit.IO.FilteredStream(stream))
        {
            filtered.Add(MimeKit.IO.Filters.DecoderFilter.Create(ContentEncoding.QuotedPrintable));
            filtered.CopyTo(decoded);
        }
        await Assert.That(System.Text.Encoding.UTF8.GetString(decoded.ToArray())).IsEqualTo(line + "\nsecond");
    }
}
