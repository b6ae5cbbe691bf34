namespace Decnet.Storage;

/// <summary>
/// Short, serialised uses of the one open store. A long operation (a deploy waiting on Docker) takes the store only
/// for each read or write, so inside the supervisor other workers are not held up in between.
/// </summary>
public interface IStoreScope
{
    T Use<T>(Func<DecnetStore, T> action);
}
