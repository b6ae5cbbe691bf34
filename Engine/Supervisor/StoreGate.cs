using Decnet.Storage;

namespace Decnet.Engine.Supervisor;

/// <summary>Serialises every use of the one open store inside a process (workers and forwarded commands).</summary>
public sealed class StoreGate(DecnetStore store) : IDisposable
{
    private readonly Lock _lock = new();

    public T Use<T>(Func<DecnetStore, T> action)
    {
        lock (_lock) return action(store);
    }

    public void Dispose()
    {
        lock (_lock) store.Dispose();
    }
}
