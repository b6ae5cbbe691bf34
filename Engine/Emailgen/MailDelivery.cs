namespace Decnet.Engine.Emailgen;

/// <summary>
/// Puts generated messages into a decky's mailboxes: each recipient's inbox and the sender's Sent folder (seen). Of a
/// batch, the newest <see cref="UnreadPerInbox"/> of each inbox land in new/ (unread), the older ones in cur/ as seen.
/// </summary>
public sealed class MailDelivery(MaildirSpool spool, int unreadPerInbox = MailDelivery.DefaultUnread)
{
    public const int DefaultUnread = 3;
    public int UnreadPerInbox => unreadPerInbox;
    public MaildirSpool Spool => spool;

    /// <summary>Delivers <paramref name="messages"/> (any order) on <paramref name="decky"/>; returns one record each.</summary>
    public IReadOnlyList<MailRecord> DeliverBatch(string decky, IReadOnlyList<ThreadMessage> messages)
    {
        // Which messages are among the newest few of each inbox, decided before writing so nothing moves twice.
        var unread = new HashSet<(string User, string Id)>();
        foreach (var group in messages.SelectMany(m => m.Recipients.Select(r => (User: r.LocalPart, Message: m))).GroupBy(x => x.User))
            foreach (var x in group.OrderByDescending(x => x.Message.Date).Take(unreadPerInbox)) unread.Add((group.Key, x.Message.MessageId));

        var records = new List<MailRecord>(messages.Count);
        foreach (var m in messages)
        {
            var bytes = MimeMessageWriter.Write(m);
            var boxes = new List<string>();
            foreach (var r in m.Recipients.DistinctBy(p => p.LocalPart))
            {
                spool.Deliver(spool.Inbox(decky, r.LocalPart), bytes, m.Date, seen: !unread.Contains((r.LocalPart, m.MessageId)));
                boxes.Add(r.LocalPart);
            }
            spool.Deliver(spool.Sent(decky, m.From.LocalPart), bytes, m.Date, seen: true);
            records.Add(MailRecord.Of(m, decky, boxes));
        }
        return records;
    }

    /// <summary>One new message (the worker's trickle): unread in each inbox, older unread ones become seen; then the cap.</summary>
    public (MailRecord Record, int Pruned) DeliverOne(string decky, ThreadMessage m, int cap)
    {
        var bytes = MimeMessageWriter.Write(m);
        var boxes = new List<string>();
        var pruned = 0;
        foreach (var r in m.Recipients.DistinctBy(p => p.LocalPart))
        {
            var inbox = spool.Inbox(decky, r.LocalPart);
            spool.Deliver(inbox, bytes, m.Date, seen: false);
            spool.KeepNewestUnread(inbox, unreadPerInbox);
            pruned += spool.Prune(inbox, cap);
            boxes.Add(r.LocalPart);
        }
        var sent = spool.Sent(decky, m.From.LocalPart);
        spool.Deliver(sent, bytes, m.Date, seen: true);
        pruned += spool.Prune(sent, cap);
        return (MailRecord.Of(m, decky, boxes), pruned);
    }
}
