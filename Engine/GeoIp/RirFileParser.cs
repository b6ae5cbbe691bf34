using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Reads one RIR delegated-stats file, plain or extended:
/// <c>registry|cc|type|start|value|date|status[|opaque-id[|extensions]]</c>, with <c>#</c> comments, a version line
/// (<c>2|ripencc|serial|records|startdate|enddate|UTCoffset</c>) and summary lines (<c>...|*|ipv4|*|N|summary</c>).
/// IPv4 <c>value</c> is a host count (any count, not only powers of two); IPv6 <c>value</c> is a prefix length.
/// Keeps <c>allocated</c>/<c>assigned</c> rows with a real country; skips asn rows, <c>available</c>/<c>reserved</c>
/// and <c>*</c>/<c>ZZ</c>/empty countries. A malformed row is counted (first samples kept) and never stops the file.
/// </summary>
public static class RirFileParser
{
    public const int MaxSamples = 5;

    public static RirFileSummary ParseFile(string path, ICollection<RirRange> ranges) =>
        Parse(File.ReadAllBytes(path), Path.GetFileName(path), ranges);

    public static RirFileSummary Parse(Stream stream, string fileName, ICollection<RirRange> ranges)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), fileName, ranges);
    }

    public static RirFileSummary Parse(ReadOnlySpan<byte> content, string fileName, ICollection<RirRange> ranges)
    {
        var state = new State(fileName);
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            var nl = content.IndexOf((byte)'\n');
            var line = nl < 0 ? content : content[..nl];
            content = nl < 0 ? default : content[(nl + 1)..];
            lineNumber++;
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            ParseLine(line, lineNumber, ref state, ranges);
        }
        return new RirFileSummary(fileName, state.Registry, state.Serial, state.DataDate, state.Rows, state.Kept, state.Malformed, state.Samples);
    }

    private struct State(string fileName)
    {
        public readonly string FileName = fileName;
        public RirRegistry Registry;
        public string Serial = "";
        public DateOnly? DataDate;
        public bool SeenVersion;
        public int Rows, Kept, Malformed;
        public readonly List<string> Samples = [];

        public void Bad(int line, string reason)
        {
            Malformed++;
            if (Samples.Count < MaxSamples) Samples.Add($"{FileName}:{line}: {reason}");
        }
    }

    private static void ParseLine(ReadOnlySpan<byte> line, int lineNumber, ref State state, ICollection<RirRange> ranges)
    {
        var trimmed = line.Trim(" \t"u8);
        if (trimmed.IsEmpty || trimmed[0] == '#') return;

        Span<Range> f = stackalloc Range[9];
        var n = SplitFields(line, f);
        if (!state.SeenVersion && n >= 1 && IsVersion(line[f[0]]))
        {
            state.SeenVersion = true;
            ParseVersion(line, f[..n], lineNumber, ref state);
            return;
        }
        if (n >= 6 && line[f[1]].SequenceEqual("*"u8) && line[f[5]].SequenceEqual("summary"u8)) return;

        state.Rows++;
        if (n < 7) { state.Bad(lineNumber, $"expected at least 7 '|' fields, found {n}"); return; }

        var type = line[f[2]];
        if (type.SequenceEqual("asn"u8)) return;
        var v6 = type.SequenceEqual("ipv6"u8);
        if (!v6 && !type.SequenceEqual("ipv4"u8)) { state.Bad(lineNumber, $"unknown type '{Text(type)}'"); return; }

        var status = line[f[6]];
        if (status.SequenceEqual("available"u8) || status.SequenceEqual("reserved"u8)) return;
        if (!status.SequenceEqual("allocated"u8) && !status.SequenceEqual("assigned"u8)) { state.Bad(lineNumber, $"unknown status '{Text(status)}'"); return; }

        if (!RirRegistryNames.TryParse(line[f[0]], out var registry)) { state.Bad(lineNumber, $"unknown registry '{Text(line[f[0]])}'"); return; }

        var cc = line[f[1]];
        if (cc.IsEmpty || cc.SequenceEqual("*"u8) || cc.SequenceEqual("ZZ"u8) || cc.SequenceEqual("zz"u8)) return;
        if (!CountryCode.TryPack(cc, out var country)) { state.Bad(lineNumber, $"bad country code '{Text(cc)}'"); return; }

        var start = line[f[3]];
        var value = line[f[4]];
        if (v6)
        {
            Span<char> chars = stackalloc char[64];
            if (start.Length > chars.Length || !TryWiden(start, chars, out var written) || !IpNumber.TryParseIPv6(chars[..written], out var s6))
            { state.Bad(lineNumber, $"bad IPv6 start '{Text(start)}'"); return; }
            if (!Utf8Parser.TryParse(value, out int prefix, out var used) || used != value.Length || prefix is < 0 or > 128)
            { state.Bad(lineNumber, $"bad IPv6 prefix length '{Text(value)}'"); return; }
            var hostMask = prefix == 0 ? UInt128.MaxValue : (UInt128.One << (128 - prefix)) - 1;
            if ((s6 & hostMask) != 0) { state.Bad(lineNumber, $"IPv6 start '{Text(start)}' is not aligned to /{prefix}"); return; }
            ranges.Add(new RirRange(true, s6, s6 | hostMask, country, registry));
        }
        else
        {
            if (!IpNumber.TryParseIPv4(start, out var s4)) { state.Bad(lineNumber, $"bad IPv4 start '{Text(start)}'"); return; }
            if (!Utf8Parser.TryParse(value, out ulong hosts, out var used) || used != value.Length || hosts == 0)
            { state.Bad(lineNumber, $"bad IPv4 host count '{Text(value)}'"); return; }
            var end = s4 + hosts - 1;
            if (end > uint.MaxValue) { state.Bad(lineNumber, $"IPv4 block {Text(start)} + {hosts} runs past 255.255.255.255"); return; }
            ranges.Add(new RirRange(false, s4, (uint)end, country, registry));
        }
        state.Kept++;
    }

    // Up to f.Length fields; the last one keeps any further '|' (extensions).
    private static int SplitFields(ReadOnlySpan<byte> line, Span<Range> f)
    {
        var n = 0;
        var start = 0;
        while (n < f.Length - 1)
        {
            var bar = line[start..].IndexOf((byte)'|');
            if (bar < 0) break;
            f[n++] = new Range(start, start + bar);
            start += bar + 1;
        }
        f[n++] = new Range(start, line.Length);
        return n;
    }

    private static bool IsVersion(ReadOnlySpan<byte> first)
    {
        // "2" or "2.3": digits and dots only.
        if (first.IsEmpty) return false;
        foreach (var b in first) if (b != '.' && (uint)(b - '0') > 9) return false;
        return true;
    }

    private static void ParseVersion(ReadOnlySpan<byte> line, ReadOnlySpan<Range> f, int lineNumber, ref State state)
    {
        if (f.Length < 6) { state.Bad(lineNumber, $"version line has {f.Length} fields, expected 7"); return; }
        if (!RirRegistryNames.TryParse(line[f[1]], out state.Registry)) state.Bad(lineNumber, $"version line: unknown registry '{Text(line[f[1]])}'");
        state.Serial = Text(line[f[2]]);
        var end = Text(line[f[5]]);
        if (DateOnly.TryParseExact(end, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) state.DataDate = date;
        else state.Bad(lineNumber, $"version line: bad end date '{end}'");
    }

    private static bool TryWiden(ReadOnlySpan<byte> bytes, Span<char> chars, out int written)
    {
        written = bytes.Length;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] > 127) return false;
            chars[i] = (char)bytes[i];
        }
        return true;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.Length > 60 ? bytes[..60] : bytes);
}
