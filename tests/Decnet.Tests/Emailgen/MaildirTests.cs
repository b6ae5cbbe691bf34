using Decnet.Engine.Emailgen;

namespace Decnet.Tests.Emailgen;

/// <summary>Delivery into &lt;spool&gt;/&lt;decky&gt;/&lt;user&gt;/Maildir: tmp then rename, mtime = Date, new/ vs cur/:2,S, the cap.</summary>
public class MaildirTests
{
    [Test]
    public async Task BatchLandsInInboxesAndSentWithDatesAndFlags()
    {
        var root = EmailgenKit.TempPath();
        try
        {
            var messages = await EmailgenKit.Conversations(120, seed: 2);
            var delivery = new MailDelivery(new MaildirSpool(root));
            var records = delivery.DeliverBatch("mail01", messages);
            await Assert.That(records.Count).IsEqualTo(120);
            var spool = delivery.Spool;
            var users = spool.Users("mail01");
            await Assert.That(users.Count).IsGreaterThanOrEqualTo(2);
            var inboxFiles = 0;
            foreach (var user in users)
            {
                var inbox = spool.Inbox("mail01", user);
                await Assert.That(Directory.GetFiles(Path.Combine(inbox, "tmp")).Length).IsEqualTo(0);
                var fresh = Directory.GetFiles(Path.Combine(inbox, "new"));
                var seen = Directory.GetFiles(Path.Combine(inbox, "cur"));
                inboxFiles += fresh.Length + seen.Length;
                await Assert.That(fresh.Length).IsLessThanOrEqualTo(MailDelivery.DefaultUnread);
                await Assert.That(seen.All(f => f.EndsWith(":2,S"))).IsTrue();
                await Assert.That(fresh.Any(f => f.Contains(':'))).IsFalse();
                // The unread ones are the newest of the inbox.
                if (fresh.Length > 0 && seen.Length > 0)
                    await Assert.That(fresh.Min(File.GetLastWriteTimeUtc)).IsGreaterThanOrEqualTo(seen.Max(File.GetLastWriteTimeUtc));
                foreach (var f in fresh.Concat(seen))
                {
                    var parsed = EmailgenKit.Parse(await File.ReadAllBytesAsync(f));
                    await Assert.That(File.GetLastWriteTimeUtc(f)).IsEqualTo(parsed.Date.UtcDateTime);
                    await Assert.That(parsed.To.Mailboxes.Concat(parsed.Cc.Mailboxes).Any(a => a.Address.StartsWith(user + "@"))).IsTrue();
                }
            }
            await Assert.That(inboxFiles).IsEqualTo(messages.Sum(m => m.Recipients.Select(r => r.LocalPart).Distinct().Count()));
            var sentFiles = users.Sum(u => MaildirSpool.Messages(spool.Sent("mail01", u)).Count());
            await Assert.That(sentFiles).IsEqualTo(120);
            await Assert.That(records.All(r => r.Mailboxes.Count > 0)).IsTrue();
        }
        finally { Directory.Delete(root, true); }
    }

    [Test]
    public async Task TrickleKeepsFewUnreadAndPrunesOldestPastTheCap()
    {
        var root = EmailgenKit.TempPath();
        try
        {
            var messages = (await EmailgenKit.Conversations(200, seed: 9, EmailgenKit.Company(2))).ToArray();
            var delivery = new MailDelivery(new MaildirSpool(root));
            var pruned = 0;
            foreach (var m in messages) pruned += delivery.DeliverOne("mx", m, cap: 25).Pruned;
            var spool = delivery.Spool;
            foreach (var user in spool.Users("mx"))
            {
                var inbox = spool.Inbox("mx", user);
                var files = MaildirSpool.Messages(inbox).ToArray();
                await Assert.That(files.Length).IsEqualTo(25);
                await Assert.That(Directory.GetFiles(Path.Combine(inbox, "new")).Length).IsEqualTo(MailDelivery.DefaultUnread);
                // The survivors are the newest 25 addressed to this user.
                var expected = messages.Where(m => m.Recipients.Any(r => r.LocalPart == user)).OrderByDescending(m => m.Date).Take(25).Min(m => m.Date);
                await Assert.That(files.Min(f => f.LastWriteTimeUtc)).IsEqualTo(expected.UtcDateTime);
            }
            await Assert.That(pruned).IsGreaterThan(0);
        }
        finally { Directory.Delete(root, true); }
    }

    [Test]
    [Arguments("../etc")]
    [Arguments(".hidden")]
    [Arguments("a/b")]
    [Arguments("dotted.decky")]
    public async Task PathTricksAreRefused(string decky)
    {
        var spool = new MaildirSpool(EmailgenKit.TempPath());
        await Assert.That(() => spool.Inbox(decky, "user")).Throws<ArgumentException>();
        await Assert.That(() => spool.Inbox("ok", decky.Replace("dotted.decky", "../x"))).Throws<ArgumentException>();
    }
}
