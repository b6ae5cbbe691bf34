using System.Globalization;
using System.Text;

namespace Decnet.Engine.Emailgen;

/// <summary>
/// A <see cref="ThreadMessage"/> as an RFC 5322 message with a single text/plain utf-8 MIME part: 7bit when the body
/// is ASCII, quoted-printable otherwise; non-ASCII names and subjects as RFC 2047 encoded-words. Lines end in LF,
/// as Maildir files do (IMAP servers convert to CRLF on the wire).
/// </summary>
public static class MimeMessageWriter
{
    public static byte[] Write(ThreadMessage m)
    {
        var sb = new StringBuilder(m.Body.Length + 1024);
        Header(sb, "Message-ID", m.MessageId);
        Header(sb, "Date", FormatDate(PersonaClock.Local(m.From, m.Date)));
        Header(sb, "From", HeaderEncoding.Mailbox(m.From.DisplayName, m.From.Email));
        Header(sb, "To", HeaderEncoding.MailboxList(m.To));
        if (m.Cc.Count > 0) Header(sb, "Cc", HeaderEncoding.MailboxList(m.Cc));
        Header(sb, "Subject", HeaderEncoding.Unstructured(m.Subject, "Subject".Length));
        if (m.InReplyTo is { } parent) Header(sb, "In-Reply-To", parent);
        if (m.References.Count > 0) Header(sb, "References", string.Join("\n ", m.References));
        Header(sb, "MIME-Version", "1.0");
        Header(sb, "Content-Type", "text/plain; charset=utf-8");
        var ascii = HeaderEncoding.IsAscii(m.Body.Replace("\n", ""));
        Header(sb, "Content-Transfer-Encoding", ascii ? "7bit" : "quoted-printable");
        sb.Append('\n');
        sb.Append(ascii ? m.Body : QuotedPrintable.Encode(m.Body));
        if (sb[^1] != '\n') sb.Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Header(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(value).Append('\n');

    /// <summary>RFC 5322 date-time with the sender's numeric offset: "Tue, 03 Nov 2026 09:14:05 +0100".</summary>
    public static string FormatDate(DateTimeOffset local)
    {
        var ci = CultureInfo.InvariantCulture;
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return local.ToString("ddd, dd MMM yyyy HH:mm:ss ", ci) + sign + abs.Hours.ToString("00", ci) + abs.Minutes.ToString("00", ci);
    }

    /// <summary>A Message-ID on the sender's domain, unique by construction from the seeded random stream.</summary>
    public static string NewMessageId(DateTimeOffset date, string domain, Random rng) =>
        $"<{date.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}.{rng.NextInt64():x16}@{domain}>";
}
