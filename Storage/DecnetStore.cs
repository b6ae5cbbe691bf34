using LiteDB;
using Microsoft.Extensions.Logging;

namespace Decnet.Storage;

/// <summary>
/// The decnet database: <c>&lt;data-dir&gt;/decnet.db</c> (LiteDB), owned exclusively through <see cref="StoreLock"/>.
/// Writes go through <see cref="InTransaction{T}"/> (one writer at a time; nested calls join the outer transaction).
/// Committed data is in LiteDB's log file before Commit returns; Dispose checkpoints it into the data file.
/// </summary>
public sealed class DecnetStore : IDisposable
{
    public const string DatabaseFileName = "decnet.db";

    private const UnixFileMode DataDirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode DatabaseFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly LiteDatabase _db;
    private readonly StoreLock _lock;
    private readonly ILogger? _logger;
    private readonly Lock _writeGate = new();
    private readonly ITransactionParticipant[] _participants;
    private int _transactionDepth;
    private volatile int _transactionThread;
    private bool _disposed;

    private DecnetStore(string dataDir, LiteDatabase db, StoreLock storeLock, int schemaVersion, TimeProvider time, ILogger? logger)
    {
        DataDir = dataDir;
        Time = time;
        _db = db;
        _lock = storeLock;
        _logger = logger;
        SchemaVersion = schemaVersion;
        Attackers = new AttackerRepository(this, db);
        SeenEvents = new SeenEventLedger(this, db);
        Topologies = new TopologyRepository(this, db);
        Personas = new PersonaRepository(this, db);
        Mail = new MailRecordRepository(this, db);
        Webhooks = new WebhookRepository(this, db);
        Identities = new ClusterRepository(this, db, Codecs.ClusterRecordCodec.IdentityCollection);
        Campaigns = new ClusterRepository(this, db, Codecs.ClusterRecordCodec.CampaignCollection);
        _participants = [Attackers, SeenEvents];
    }

    public string DataDir { get; }
    internal TimeProvider Time { get; }
    internal ILogger? Logger => _logger;
    public string DatabasePath => Path.Combine(DataDir, DatabaseFileName);
    public int SchemaVersion { get; }
    public LockHolder Owner => _lock.Holder;
    /// <summary>For Storage code and its tests only; everything else goes through the repositories.</summary>
    internal LiteDatabase Database => _db;
    public AttackerRepository Attackers { get; }
    public SeenEventLedger SeenEvents { get; }
    public TopologyRepository Topologies { get; }
    public PersonaRepository Personas { get; }
    public MailRecordRepository Mail { get; }
    public WebhookRepository Webhooks { get; }
    public ClusterRepository Identities { get; }
    public ClusterRepository Campaigns { get; }

    /// <summary>
    /// Creates the data dir (0750) if needed, takes ownership, opens and migrates the database.
    /// Throws <see cref="StoreLockedException"/> when another owner holds the data dir and
    /// <see cref="StoreSchemaException"/> when the file is from a newer decnet or a migration fails.
    /// </summary>
    /// <param name="command">What this process is (e.g. "supervise", "ingest"), shown to whoever finds the lock held.</param>
    public static DecnetStore Open(string dataDir, string command, TimeProvider time, ILogger? logger = null) =>
        Open(dataDir, command, time, logger, SchemaMigrations.All);

    internal static DecnetStore Open(string dataDir, string command, TimeProvider time, ILogger? logger,
        IReadOnlyList<SchemaMigration> migrations)
    {
        dataDir = Path.GetFullPath(dataDir);
        if (!Directory.Exists(dataDir))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dataDir);
            else Directory.CreateDirectory(dataDir, DataDirMode);
        }
        if (!StoreLock.TryAcquire(dataDir, command, time, out var storeLock, out var holder))
            throw new StoreLockedException(dataDir, holder);

        LiteDatabase? db = null;
        try
        {
            var path = Path.Combine(dataDir, DatabaseFileName);
            // Direct: this process alone opens the file (the flock above guarantees it), no shared-mode mutex games.
            db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, new BsonMapper());
            if (!OperatingSystem.IsWindows() && File.Exists(path)) File.SetUnixFileMode(path, DatabaseFileMode);
            var version = SchemaMigrations.Migrate(db, migrations, path, logger);
            return new DecnetStore(dataDir, db, storeLock, version, time, logger);
        }
        catch
        {
            db?.Dispose();
            storeLock.Dispose();
            throw;
        }
    }

    /// <summary>True on the thread running the open transaction.</summary>
    internal bool IsTransactionThread => _transactionThread == Environment.CurrentManagedThreadId;

    /// <summary>Runs <paramref name="work"/> in one LiteDB transaction: all of its writes commit, or none (on exception).</summary>
    public T InTransaction<T>(Func<T> work)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_transactionDepth > 0)
            {
                // Monitor is re-entrant, so only the transaction's own thread gets here: join it.
                _transactionDepth++;
                try { return work(); }
                finally { _transactionDepth--; }
            }

            if (!_db.BeginTrans())
                throw new InvalidOperationException("a LiteDB transaction is already open on this thread outside DecnetStore.InTransaction");
            _transactionDepth = 1;
            _transactionThread = Environment.CurrentManagedThreadId;
            T result;
            try
            {
                result = work();
                _db.Commit();
            }
            catch
            {
                try { _db.Rollback(); }
                catch (Exception rollbackError) { _logger?.LogError(rollbackError, "rollback of {Path} failed", DatabasePath); }
                foreach (var p in _participants) p.RolledBack();
                throw;
            }
            finally
            {
                _transactionDepth = 0;
                _transactionThread = 0;
            }
            foreach (var p in _participants) p.Committed();
            return result;
        }
    }

    /// <summary>Drops a collection (LiteDB refuses that inside a transaction, so it runs alone under the write gate).</summary>
    internal void DropCollection(string name)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _db.DropCollection(name);
        }
    }

    public void InTransaction(Action work) => InTransaction(() =>
    {
        work();
        return true;
    });

    /// <summary>Copies LiteDB's log file into the data file (also done on Dispose and every 1,000 log pages).</summary>
    public void Checkpoint()
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _db.Checkpoint();
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                _db.Checkpoint();
            }
            catch (Exception ex)
            {
                // Nothing committed is lost: LiteDB replays its log file on the next open.
                _logger?.LogWarning(ex, "checkpoint of {Path} on close failed", DatabasePath);
            }
            Webhooks.Close();
            _db.Dispose();
            _lock.Dispose();
        }
    }
}
