namespace Decnet.Engine.Ingest;

/// <summary>Maps Cowrie <c>eventid</c>s to decnet event names without allocating for the common ones.</summary>
internal static class CowrieEventIds
{
    private static readonly (byte[] Cowrie, string Decnet)[] Known =
    [
        ("cowrie.session.connect"u8.ToArray(), EventTypes.SessionConnect),
        ("cowrie.session.closed"u8.ToArray(), EventTypes.SessionClosed),
        ("cowrie.client.version"u8.ToArray(), EventTypes.ClientVersion),
        ("cowrie.login.failed"u8.ToArray(), EventTypes.LoginFailed),
        ("cowrie.direct-tcpip.request"u8.ToArray(), EventTypes.DirectTcpip),
        ("cowrie.login.success"u8.ToArray(), EventTypes.LoginSuccess),
        ("cowrie.command.input"u8.ToArray(), EventTypes.CommandInput),
        ("cowrie.client.kex"u8.ToArray(), EventTypes.ClientKex),
        ("cowrie.session.file_download"u8.ToArray(), EventTypes.FileDownload),
        // Kept under their own name (prefix dropped); listed only so frequent ones cost no allocation.
        ("cowrie.direct-tcpip.data"u8.ToArray(), "direct-tcpip.data"),
        ("cowrie.log.open"u8.ToArray(), "log.open"),
        ("cowrie.log.closed"u8.ToArray(), "log.closed"),
        ("cowrie.client.size"u8.ToArray(), "client.size"),
        ("cowrie.command.failed"u8.ToArray(), "command.failed"),
        ("cowrie.client.var"u8.ToArray(), "client.var"),
        ("cowrie.client.fingerprint"u8.ToArray(), "client.fingerprint"),
        ("cowrie.session.params"u8.ToArray(), "session.params"),
        ("cowrie.session.file_download.failed"u8.ToArray(), "session.file_download.failed"),
        ("cowrie.session.file_upload"u8.ToArray(), "session.file_upload"),
    ];

    /// <summary>The decnet name for an (unescaped) Cowrie eventid: mapped when known, else the id without its <c>cowrie.</c> prefix.</summary>
    public static string ToEvent(ReadOnlySpan<byte> eventId)
    {
        foreach (var (cowrie, decnet) in Known)
            if (eventId.SequenceEqual(cowrie)) return decnet;
        var name = eventId.StartsWith("cowrie."u8) ? eventId["cowrie."u8.Length..] : eventId;
        return System.Text.Encoding.UTF8.GetString(name);
    }
}
