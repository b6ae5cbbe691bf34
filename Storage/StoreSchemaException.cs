namespace Decnet.Storage;

/// <summary>The database file's schema cannot be used: written by a newer decnet, or a migration failed.</summary>
public sealed class StoreSchemaException(string message, Exception? inner = null) : Exception(message, inner);
