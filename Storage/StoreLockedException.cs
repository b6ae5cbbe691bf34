namespace Decnet.Storage;

/// <summary>The data dir is owned by another process (or another open store in this one).</summary>
public sealed class StoreLockedException(string dataDir, LockHolder? holder)
    : Exception(holder is null
        ? $"data dir {dataDir} is locked by another process (holder unknown); only one decnet process may own it"
        : $"data dir {dataDir} is locked by {holder.Describe()}; only one decnet process may own it")
{
    public string DataDir { get; } = dataDir;
    public LockHolder? Holder { get; } = holder;
}
