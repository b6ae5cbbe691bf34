using LiteDB;

namespace Decnet.Storage;

/// <summary>
/// One step of the schema: brings a file at <c>Version - 1</c> to <see cref="Version"/>. Runs in the same transaction
/// as the meta version bump, and must be idempotent (running it on a file it already shaped changes nothing).
/// </summary>
internal sealed record SchemaMigration(int Version, string Description, Action<LiteDatabase> Apply);
