namespace Decnet.Storage;

/// <summary>The <c>meta</c> record saying which schema version the database file is at.</summary>
public sealed record SchemaMeta(int Version);
