namespace Decnet.Engine.Ingest;

/// <summary>
/// Byte-level line checks for the hot path. Plain loops on purpose: the span Trim overloads taking a set of bytes go
/// through a general any-of searcher that costs more than the usual answer (the first byte is '{' or '<').
/// </summary>
internal static class LineBytes
{
    /// <summary>True when the line holds only spaces, tabs, CR, LF or NUL.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0)) return false;
        return true;
    }

    /// <summary>The line without trailing CR and LF.</summary>
    public static ReadOnlySpan<byte> TrimNewline(ReadOnlySpan<byte> line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is (byte)'\r' or (byte)'\n') end--;
        return line[..end];
    }

    /// <summary>The line without trailing CR, LF and NUL (syslog senders differ in what they append).</summary>
    public static ReadOnlySpan<byte> TrimNewlineAndNul(ReadOnlySpan<byte> line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is (byte)'\r' or (byte)'\n' or 0) end--;
        return line[..end];
    }
}
