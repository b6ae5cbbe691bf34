using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// Reads an IP→ASN table, plain or gzip (recognised by its magic bytes, not its name), in either shape:
/// the iptoasn TSV <c>range_start\trange_end\tAS_number\tcountry_code\tAS_description</c> (addresses as text or as
/// 32-bit numbers) or the CSV <c>first_ip,last_ip,asn,organisation</c> (RFC 4180 quoting, <c>""</c> inside quotes).
/// The shape is decided per line by the presence of a tab. IPv4 and IPv6 rows; ASN 0 / "Not routed" rows are
/// skipped; malformed rows are counted with the first samples and never stop the file.
/// </summary>
public static class AsnFileParser
{
    public const int MaxSamples = 5;

    public static AsnFileSummary ParseFile(string path, ICollection<AsnRow> rows, OrganisationNames names)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileName(path), rows, names);
    }

    public static AsnFileSummary Parse(Stream stream, string fileName, ICollection<AsnRow> rows, OrganisationNames names)
    {
        var head = new byte[2];
        var got = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        var rest = new Decnet.Engine.Ingest.PrefixedStream(head, got, stream);
        var gz = got == 2 && head[0] == 0x1F && head[1] == 0x8B;
        using var buffer = new MemoryStream();
        if (gz) { using var unzip = new GZipStream(rest, CompressionMode.Decompress, leaveOpen: true); unzip.CopyTo(buffer); }
        else rest.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), fileName, rows, names, gz);
    }

    public static AsnFileSummary Parse(ReadOnlySpan<byte> content, string fileName, ICollection<AsnRow> rows, OrganisationNames names, bool gzipped = false)
    {
        int lineNumber = 0, count = 0, kept = 0, notRouted = 0, malformed = 0, tsv = 0, csv = 0;
        var samples = new List<string>();
        var orgBuffer = new char[256];
        while (!content.IsEmpty)
        {
            var nl = content.IndexOf((byte)'\n');
            var line = nl < 0 ? content : content[..nl];
            content = nl < 0 ? default : content[(nl + 1)..];
            lineNumber++;
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty || line[0] == '#') continue;
            count++;
            var isTsv = line.IndexOf((byte)'\t') >= 0;
            if (isTsv) tsv++; else csv++;
            var error = isTsv ? ParseTsv(line, out var row, ref orgBuffer, names) : ParseCsv(line, out row, ref orgBuffer, names);
            if (error is null) { rows.Add(row); kept++; }
            else if (error.Length == 0) notRouted++;
            else if (lineNumber == 1 && !isTsv && line.StartsWith("first_ip"u8)) count--; // a header line
            else
            {
                malformed++;
                if (samples.Count < MaxSamples) samples.Add($"{fileName}:{lineNumber}: {error}");
            }
        }
        var format = (tsv >= csv ? "tsv" : "csv") + (gzipped ? ".gz" : "");
        return new AsnFileSummary(fileName, format, count, kept, notRouted, malformed, samples);
    }

    // Returns null when parsed, "" for a not-routed row, else the reason.
    private static string? ParseTsv(ReadOnlySpan<byte> line, out AsnRow row, ref char[] orgBuffer, OrganisationNames names)
    {
        row = default;
        Span<Range> f = stackalloc Range[5]; // the description keeps any further tabs
        var n = Split(line, (byte)'\t', f);
        if (n < 5) return $"expected 5 tab-separated fields, found {n}";
        return Finish(line[f[0]], line[f[1]], line[f[2]], line[f[4]], quoted: false, out row, ref orgBuffer, names);
    }

    private static string? ParseCsv(ReadOnlySpan<byte> line, out AsnRow row, ref char[] orgBuffer, OrganisationNames names)
    {
        row = default;
        Span<Range> f = stackalloc Range[4];
        var n = 0;
        var pos = 0;
        var quotedLast = false;
        while (pos <= line.Length && n < 4)
        {
            if (pos < line.Length && line[pos] == '"')
            {
                // Quoted: runs to a quote not followed by another quote.
                var i = pos + 1;
                while (true)
                {
                    var q = line[i..].IndexOf((byte)'"');
                    if (q < 0) return "unterminated quoted field";
                    i += q + 1;
                    if (i < line.Length && line[i] == '"') { i++; continue; }
                    break;
                }
                f[n++] = new Range(pos + 1, i - 1);
                quotedLast = n == 4;
                if (i == line.Length) { pos = i + 1; break; }
                if (line[i] != ',') return "text after a closing quote";
                pos = i + 1;
            }
            else
            {
                var c = line[pos..].IndexOf((byte)',');
                var end = c < 0 || n == 3 ? line.Length : pos + c;
                if (n == 3 && c >= 0) return "organisation has a comma but no quotes";
                f[n++] = new Range(pos, end);
                pos = end + 1;
            }
        }
        if (n < 4 || pos <= line.Length) return $"expected 4 comma-separated fields, found {(n < 4 ? n : "more")}";
        return Finish(line[f[0]], line[f[1]], line[f[2]], line[f[3]], quotedLast, out row, ref orgBuffer, names);
    }

    private static string? Finish(ReadOnlySpan<byte> first, ReadOnlySpan<byte> last, ReadOnlySpan<byte> asnText, ReadOnlySpan<byte> org, bool quoted,
        out AsnRow row, ref char[] orgBuffer, OrganisationNames names)
    {
        row = default;
        if (!TryAddress(first, out var v6a, out var start)) return $"bad first address '{Text(first)}'";
        if (!TryAddress(last, out var v6b, out var end)) return $"bad last address '{Text(last)}'";
        if (v6a != v6b) return "first and last address are of different families";
        if (end < start) return $"last address {Text(last)} is below the first {Text(first)}";
        var a = asnText.StartsWith("AS"u8) ? asnText[2..] : asnText;
        if (!Utf8Parser.TryParse(a, out uint asn, out var used) || used != a.Length) return $"bad AS number '{Text(asnText)}'";
        if (asn == 0 || org.SequenceEqual("Not routed"u8)) return "";
        var max = Encoding.UTF8.GetMaxCharCount(org.Length);
        if (orgBuffer.Length < max) orgBuffer = new char[max];
        var chars = orgBuffer.AsSpan(0, Encoding.UTF8.GetChars(org, orgBuffer));
        if (quoted && chars.Contains('"')) chars = Unescape(chars);
        row = new AsnRow(v6a, start, end, asn, names.Intern(chars.Trim()));
        return null;
    }

    // "" → " in place (the span shrinks).
    private static Span<char> Unescape(Span<char> chars)
    {
        var w = 0;
        for (var r = 0; r < chars.Length; r++)
        {
            chars[w++] = chars[r];
            if (chars[r] == '"' && r + 1 < chars.Length && chars[r + 1] == '"') r++;
        }
        return chars[..w];
    }

    private static bool TryAddress(ReadOnlySpan<byte> text, out bool isIPv6, out UInt128 value)
    {
        isIPv6 = false;
        value = 0;
        if (text.Length is 0 or > 64) return false;
        // iptoasn's *-u32 files give IPv4 as a decimal number.
        if (text.IndexOfAny((byte)'.', (byte)':') < 0)
        {
            if (!Utf8Parser.TryParse(text, out uint number, out var used) || used != text.Length) return false;
            value = number;
            return true;
        }
        Span<char> chars = stackalloc char[64];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 127) return false;
            chars[i] = (char)text[i];
        }
        return IpNumber.TryParse(chars[..text.Length], out isIPv6, out value);
    }

    private static int Split(ReadOnlySpan<byte> line, byte separator, Span<Range> f)
    {
        var n = 0;
        var start = 0;
        while (n < f.Length - 1)
        {
            var i = line[start..].IndexOf(separator);
            if (i < 0) break;
            f[n++] = new Range(start, start + i);
            start += i + 1;
        }
        f[n++] = new Range(start, line.Length);
        return n;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.Length > 60 ? bytes[..60] : bytes);
}
