namespace Decnet.Bus;

/// <summary>The bus cannot be reached; a worker treats this as "run on the slow tick" (idle mode).</summary>
public sealed class BusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
