namespace Decnet.Engine.Config;

/// <summary>Every setting decnet reads, in one place (the INI template and the README are generated from it).</summary>
public static class SettingCatalog
{
    public const string Mode = "DECNET_MODE";
    public const string DataDir = "DECNET_DATA_DIR";
    public const string LogLevel = "DECNET_LOG_LEVEL";
    public const string LogFormat = "DECNET_LOG_FORMAT";
    public const string ListenerUdp = "DECNET_LISTENER_UDP";
    public const string ListenerTcp = "DECNET_LISTENER_TCP";
    public const string ListenerUnix = "DECNET_LISTENER_UNIX";
    public const string BusKeyFile = "DECNET_BUS_KEY_FILE";
    public const string BusHost = "DECNET_BUS_HOST";
    public const string WorkerTick = "DECNET_WORKER_TICK_SECONDS";
    public const string EventQueueCapacity = "DECNET_EVENT_QUEUE_CAPACITY";
    public const string GeoipEnabled = "DECNET_GEOIP_ENABLED";
    public const string GeoipDir = "DECNET_GEOIP_DIR";
    public const string GeoipMirror = "DECNET_GEOIP_MIRROR";
    public const string EmailgenBackend = "DECNET_EMAILGEN_BACKEND";
    public const string EmailgenOllamaUrl = "DECNET_EMAILGEN_OLLAMA_URL";
    public const string EmailgenOllamaModel = "DECNET_EMAILGEN_OLLAMA_MODEL";
    public const string EmailgenOllamaTimeout = "DECNET_EMAILGEN_OLLAMA_TIMEOUT_SECONDS";
    public const string EmailgenSpool = "DECNET_EMAILGEN_SPOOL";
    public const string EmailgenInterval = "DECNET_EMAILGEN_INTERVAL_SECONDS";
    public const string EmailgenMailboxCap = "DECNET_EMAILGEN_MAILBOX_CAP";
    public const string WebhookAllowPrivate = "DECNET_WEBHOOK_ALLOW_PRIVATE";
    public const string WebhookConcurrency = "DECNET_WEBHOOK_CONCURRENCY";
    public const string WebhookTimeout = "DECNET_WEBHOOK_TIMEOUT_SECONDS";

    public static readonly IReadOnlyList<SettingDefinition> All =
    [
        new(Mode, "core", "mode", "master", "master (the full node) or agent (only agent-safe commands are registered)"),
        new(DataDir, "core", "data_dir", "", "where decnet.db lives; empty = /var/lib/decnet when writable, else $XDG_DATA_HOME/decnet"),
        new(LogLevel, "core", "log_level", "information", "trace, debug, information, warning, error"),
        new(LogFormat, "core", "log_format", "text", "text, or json for journald/ELK"),
        new(ListenerUdp, "listener", "udp", "auto", "syslog UDP endpoint host:port; auto = 0.0.0.0:514 when allowed to bind it, else 127.0.0.1:5514; off disables"),
        new(ListenerTcp, "listener", "tcp", "auto", "syslog TCP endpoint (RFC 6587 framing) host:port; auto as for udp; off disables"),
        new(ListenerUnix, "listener", "unix", "auto", "syslog Unix stream socket path; auto = /run/decnet/syslog.sock when /run/decnet is writable, else <data-dir>/syslog.sock; off disables"),
        new(BusKeyFile, "bus", "key_file", "", "CURVE key file of the bus and control channel (0640); empty = <data-dir>/bus.key"),
        new(BusHost, "bus", "host", "127.0.0.1", "address the bus and control endpoints bind to"),
        new(WorkerTick, "workers", "tick_seconds", "60", "slow tick: every worker also wakes this often, so a lost bus event costs latency, not correctness"),
        new(EventQueueCapacity, "workers", "event_queue_capacity", "100000", "events buffered between the listener and the profiler; overflow is counted"),
        new(GeoipEnabled, "geoip", "enabled", "true", "offline country/ASN enrichment of attacker profiles; false turns it off everywhere"),
        new(GeoipMirror, "geoip", "mirror", "", "base URL `geoip refresh` fetches the same file names from instead of the RIRs and iptoasn (an internal mirror)"),
        new(GeoipDir, "geoip", "dir", "", "where the RIR delegated-stats files, the ASN table and the built index live; empty = <data-dir>/geoip"),
        new(EmailgenBackend, "emailgen", "backend", "offline", "who writes the mail: offline (embedded templates, no network) or ollama (a local LLM; falls back to offline on failure)"),
        new(EmailgenOllamaUrl, "emailgen", "ollama_url", "http://127.0.0.1:11434", "base URL of the Ollama HTTP API (POST /api/generate)"),
        new(EmailgenOllamaModel, "emailgen", "ollama_model", "llama3.2", "Ollama model name"),
        new(EmailgenOllamaTimeout, "emailgen", "ollama_timeout_seconds", "30", "seconds to wait for one Ollama answer before falling back to offline"),
        new(EmailgenSpool, "emailgen", "spool", "", "Maildir spool the IMAP/POP3 deckies mount (<spool>/<decky>/<user>/Maildir); empty = <data-dir>/mail"),
        new(EmailgenInterval, "emailgen", "interval_seconds", "900", "how often the emailgen worker adds a message to each running IMAP/POP3 decky"),
        new(EmailgenMailboxCap, "emailgen", "mailbox_cap", "500", "messages kept per mailbox folder; the oldest beyond it are pruned"),
        new(WebhookAllowPrivate, "webhook", "allow_private", "false", "true lets every webhook reach loopback/private/link-local receivers (the SSRF guard otherwise allows public addresses only; per subscription: --allow-private)"),
        new(WebhookConcurrency, "webhook", "concurrency", "64", "webhook HTTP attempts in flight at once, across all subscriptions"),
        new(WebhookTimeout, "webhook", "timeout_seconds", "10", "a webhook attempt with no response after this many seconds counts as a network error and is retried"),
    ];

    public static SettingDefinition? ByIniName(string section, string key) =>
        All.FirstOrDefault(s => string.Equals(s.Section, section, StringComparison.OrdinalIgnoreCase)
                             && string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
}
