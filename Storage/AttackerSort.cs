namespace Decnet.Storage;

/// <summary>Order of <see cref="AttackerRepository.List"/>; both descending (most recent / busiest first).</summary>
public enum AttackerSort
{
    LastSeen,
    Events,
}
