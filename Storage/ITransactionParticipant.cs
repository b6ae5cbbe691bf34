namespace Decnet.Storage;

/// <summary>
/// In-memory state that mirrors the database (profile cache, seen-id set) and so must follow a transaction's
/// outcome: changes made inside one become visible to others only on commit and vanish on rollback.
/// </summary>
internal interface ITransactionParticipant
{
    void Committed();
    void RolledBack();
}
