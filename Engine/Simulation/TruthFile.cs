using System.Text;
using System.Text.Json;

namespace Decnet.Engine.Simulation;

/// <summary>
/// Truth (and predicted assignment) files: JSON Lines, one <c>{"ip":..,"identity":..,"campaign":..}</c> per IP.
/// </summary>
public static class TruthFile
{
    public static void Write(Stream output, IEnumerable<TruthRecord> records)
    {
        foreach (var r in records)
        {
            JsonSerializer.Serialize(output, r, TruthJsonContext.Default.TruthRecord);
            output.WriteByte((byte)'\n');
        }
    }

    /// <summary>
    /// Reads every well-formed line; a bad line (not JSON, missing ip or identity, a repeated ip) is reported in
    /// <paramref name="errors"/> as "file:line: reason" and skipped. A missing campaign reads as "".
    /// </summary>
    public static List<TruthRecord> Read(TextReader input, string fileName, List<string> errors)
    {
        var records = new List<TruthRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            TruthRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(line, TruthJsonContext.Default.TruthRecord);
            }
            catch (JsonException e)
            {
                errors.Add($"{fileName}:{lineNumber}: not a JSON object ({e.Message.Split('.')[0]})");
                continue;
            }
            if (record is null || string.IsNullOrEmpty(record.Ip)) { errors.Add($"{fileName}:{lineNumber}: missing field 'ip'"); continue; }
            if (record.Identity is null) { errors.Add($"{fileName}:{lineNumber}: missing field 'identity'"); continue; }
            if (!seen.Add(record.Ip)) { errors.Add($"{fileName}:{lineNumber}: ip {record.Ip} listed twice"); continue; }
            records.Add(record with { Campaign = record.Campaign ?? "" });
        }
        return records;
    }

    public static List<TruthRecord> Read(string path, List<string> errors)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path, errors);
    }
}
