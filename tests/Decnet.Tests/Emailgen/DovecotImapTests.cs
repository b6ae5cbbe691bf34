using System.Diagnostics;
using System.Net.Sockets;
using Decnet.Engine.Emailgen;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Decnet.Tests.Emailgen;

/// <summary>
/// End to end with a real IMAP server: Dovecot (Debian package dovecot-imapd), started on a loopback port with its own
/// minimal config, serves the generated spool; MailKit logs in, lists the folders and fetches the messages.
/// </summary>
public class DovecotImapTests
{
    private const string Password = "decoy-password";

    private static string? DovecotBinary() =>
        new[] { "/usr/sbin/dovecot", "/usr/local/sbin/dovecot" }.FirstOrDefault(File.Exists);

    private static (string Uid, string Gid) CurrentIds()
    {
        string uid = "0", gid = "0";
        foreach (var line in File.ReadAllLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:")) uid = line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
            if (line.StartsWith("Gid:")) gid = line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        }
        return (uid, gid);
    }

    /// <summary>
    /// Dovecot refuses to serve mail as uid 0, so as root the mailbox belongs to the dovecot system user (the test
    /// chowns the spool to it); as anyone else, to that user.
    /// </summary>
    private static (string Uid, string Gid) MailIds()
    {
        var (uid, gid) = CurrentIds();
        if (uid != "0") return (uid, gid);
        var entry = File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == "dovecot");
        return entry is null ? ("65534", "65534") : (entry[2], entry[3]);
    }

    private static string Config(string dir, string spool, string decky, int port)
    {
        var (uid, gid) = MailIds();
        var root = CurrentIds().Uid == "0";
        var internalUser = root ? "dovecot" : Environment.UserName;
        var loginUser = root ? "dovenull" : Environment.UserName;
        return $$"""
            # Written by DovecotImapTests: nothing from /etc/dovecot is read.
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{dir}}/run
            state_dir = {{dir}}/state
            log_path = {{dir}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = {{internalUser}}
            default_login_user = {{loginUser}}
            first_valid_uid = 1
            first_valid_gid = 1
            mail_location = maildir:{{spool}}/{{decky}}/%u/Maildir
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{spool}}/{{decky}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            service imap-login {
              chroot =
            }
            """;
    }

    [Test]
    public async Task DovecotServesTheGeneratedMailboxWithSubjectsDatesAndThreads()
    {
        var binary = DovecotBinary();
        if (binary is null) Skip.Test("dovecot is not installed (apt-get install dovecot-imapd, or `make deps`): real-IMAP test skipped");

        var dir = EmailgenKit.TempPath();
        Directory.CreateDirectory(dir);
        var spool = Path.Combine(dir, "spool");
        Process? dovecot = null;
        try
        {
            var personas = EmailgenKit.Company(5, "mixed", seed: 31);
            var generator = new ConversationGenerator(new OfflineBackend());
            var records = await MailboxBatch.GenerateAsync(generator, new MailDelivery(new MaildirSpool(spool)), "mail01", personas, 80,
                EmailgenKit.Until.AddDays(-30), EmailgenKit.Until, new Random(12), CancellationToken.None);
            var user = records.SelectMany(r => r.Mailboxes).GroupBy(u => u).OrderByDescending(g => g.Count()).First().Key;
            var persona = personas.Single(p => p.LocalPart == user);
            var inboxExpected = records.Where(r => r.Mailboxes.Contains(user)).ToDictionary(r => r.MessageId);
            var sentExpected = records.Where(r => r.From == persona.Email).ToDictionary(r => r.MessageId);

            if (CurrentIds().Uid == "0")
            {
                var (mailUid, mailGid) = MailIds();
                using var chown = Process.Start("chown", ["-R", $"{mailUid}:{mailGid}", spool])!;
                await chown.WaitForExitAsync();
            }
            var port = OllamaBackendTests.FreePort();
            var conf = Path.Combine(dir, "dovecot.conf");
            await File.WriteAllTextAsync(conf, Config(dir, spool, "mail01", port));
            dovecot = Process.Start(new ProcessStartInfo(binary, ["-c", conf, "-F"]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                try { using var probe = new TcpClient(); await probe.ConnectAsync("127.0.0.1", port); break; }
                catch (SocketException) when (DateTime.UtcNow < deadline && !dovecot.HasExited) { await Task.Delay(100); }
                catch (SocketException)
                {
                    var log = File.Exists(Path.Combine(dir, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(dir, "dovecot.log")) : "";
                    throw new InvalidOperationException($"dovecot did not listen on 127.0.0.1:{port}: {(dovecot.HasExited ? await dovecot.StandardError.ReadToEndAsync() : "")} {log}");
                }
            }

            using var client = new ImapClient();
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user, Password);
            var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0]);
            await Assert.That(folders.Select(f => f.FullName)).Contains("Sent");

            var inbox = client.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadOnly);
            await Assert.That(inbox.Count).IsEqualTo(inboxExpected.Count);
            await Assert.That(inbox.Recent + inbox.Count).IsGreaterThan(0);
            var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.InternalDate | MessageSummaryItems.References
                | MessageSummaryItems.Flags | MessageSummaryItems.UniqueId);
            var unread = 0;
            var uidToId = new Dictionary<UniqueId, string>();
            foreach (var s in summaries)
            {
                var id = "<" + s.Envelope!.MessageId + ">";
                await Assert.That(inboxExpected.ContainsKey(id)).IsTrue().Because(id);
                var expected = inboxExpected[id];
                uidToId[s.UniqueId] = id;
                await Assert.That(s.Envelope!.Subject).IsEqualTo(expected.Subject);
                await Assert.That(s.Envelope.Date).IsEqualTo(expected.Date);
                await Assert.That(s.Envelope.Date!.Value.Offset).IsEqualTo(expected.Date.Offset);
                // INTERNALDATE comes from the file's mtime, which delivery set to the Date.
                await Assert.That(s.InternalDate!.Value.UtcDateTime).IsEqualTo(expected.Date.UtcDateTime);
                if (expected.InReplyTo is { } parent)
                {
                    await Assert.That("<" + s.Envelope.InReplyTo + ">").IsEqualTo(parent);
                    await Assert.That(s.References!.Select(r => "<" + r + ">").ToArray()).IsEquivalentTo(expected.References.ToArray());
                    // The parent is in this user's inbox or Sent folder: a thread reads whole from one account.
                    await Assert.That(inboxExpected.ContainsKey(parent) || sentExpected.ContainsKey(parent)).IsTrue().Because(parent);
                }
                if (!s.Flags!.Value.HasFlag(MessageFlags.Seen)) unread++;
            }
            await Assert.That(unread).IsEqualTo(Math.Min(MailDelivery.DefaultUnread, inboxExpected.Count));

            // The server's own threading (THREAD=REFERENCES) never splits one of our threads.
            var threads = await inbox.ThreadAsync(ThreadingAlgorithm.References, SearchQuery.All);
            static IEnumerable<UniqueId> Uids(MessageThread t) => (t.UniqueId is { } u ? [u] : Array.Empty<UniqueId>()).Concat(t.Children.SelectMany(Uids));
            var treeOf = new Dictionary<string, int>();
            for (var i = 0; i < threads.Count; i++)
                foreach (var uid in Uids(threads[i]))
                {
                    var threadId = inboxExpected[uidToId[uid]].ThreadId;
                    if (treeOf.TryGetValue(threadId, out var tree)) await Assert.That(tree).IsEqualTo(i).Because($"thread {threadId} split by the server");
                    else treeOf[threadId] = i;
                }
            await Assert.That(threads.Count).IsLessThan(inboxExpected.Count);

            var one = await inbox.GetMessageAsync(summaries[^1].UniqueId);
            await Assert.That(one.TextBody!.Length).IsGreaterThan(40);
            var sent = await client.GetFolderAsync("Sent");
            await sent.OpenAsync(FolderAccess.ReadOnly);
            await Assert.That(sent.Count).IsEqualTo(sentExpected.Count);
            var sentSummaries = await sent.FetchAsync(0, -1, MessageSummaryItems.Envelope);
            await Assert.That(sentSummaries.Select(s => "<" + s.Envelope!.MessageId + ">").Order().ToArray()).IsEquivalentTo(sentExpected.Keys.Order().ToArray());
            await client.DisconnectAsync(true);
        }
        finally
        {
            if (dovecot is { HasExited: false })
            {
                dovecot.Kill(entireProcessTree: true);
                await dovecot.WaitForExitAsync();
            }
            dovecot?.Dispose();
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
