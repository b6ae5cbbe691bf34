namespace Decnet.Engine.Profiler;

/// <summary>A username/password pair tried by an attacker; <see cref="FirstSeen"/> orders a wordlist as the tool ran it.</summary>
public sealed record CredentialEntry(string Username, string? Password, long Count, DateTimeOffset FirstSeen);

/// <summary>A command in normalised form (see <see cref="CommandNormaliser"/>), with the first raw form seen.</summary>
public sealed record CommandEntry(string Normalised, string Example, long Count);

/// <summary>A distinct observed value (client version, HASSH, JA3, user agent, "host:port") and how often it was seen.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>A download by URL and content hash (null when the source did not report one).</summary>
public sealed record DownloadEntry(string Url, string? Sha256, long Count);
