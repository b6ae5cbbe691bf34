namespace Decnet.Storage.Codecs;

/// <summary>A stored document does not have the shape its codec expects (names the record kind and the field).</summary>
public sealed class StoreFormatException(string message) : Exception(message);
