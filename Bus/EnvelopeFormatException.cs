namespace Decnet.Bus;

/// <summary>A bus envelope that is not valid JSON or lacks/mistypes a field; the message names which.</summary>
public sealed class EnvelopeFormatException(string message, Exception? inner = null) : FormatException(message, inner);
