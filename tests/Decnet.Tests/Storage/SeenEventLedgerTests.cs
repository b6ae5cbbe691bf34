using System.Security.Cryptography;
using System.Text;
using Decnet.Storage;
using Decnet.Storage.Codecs;

namespace Decnet.Tests.Storage;

public class SeenEventLedgerTests
{
    private static readonly TimeProvider Time = TimeProvider.System;

    [Test]
    public async Task HexIdsMapToTheirBytesAndOthersToSha256()
    {
        await Assert.That(EventIdKey.From("000000000000000000000000000000ff")).IsEqualTo((UInt128)255);
        await Assert.That(EventIdKey.From("ffffffffffffffffffffffffffffffff")).IsEqualTo(UInt128.MaxValue);
        var upper = EventIdKey.From("000000000000000000000000000000FF");
        await Assert.That(upper).IsNotEqualTo((UInt128)255); // not decnet's lowercase form: hashed
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("173332e506ca-ü"));
        await Assert.That(EventIdKey.From("173332e506ca-ü")).IsEqualTo(System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(hash));
        await Assert.That(EventIdKey.From(new string('x', 2000))).IsNotEqualTo(EventIdKey.From(new string('x', 1999)));
    }

    [Test]
    public async Task IdsPersistInChunksAndReloadLazily()
    {
        using var dir = new TempDataDir();
        var ids = Enumerable.Range(1, 5_000).Select(i => (UInt128)i).ToArray();
        using (var store = DecnetStore.Open(dir.Path, "test", Time))
        {
            await Assert.That(store.SeenEvents.Record(ids[..10])).IsEqualTo(10);
            await Assert.That(store.SeenEvents.Record(ids[5..3_000])).IsEqualTo(2_990);
            await Assert.That(store.SeenEvents.Record(ids[3_000..])).IsEqualTo(2_000);
            await Assert.That(store.SeenEvents.Record(ids[..100])).IsEqualTo(0);
            await Assert.That(store.SeenEvents.Count).IsEqualTo(5_000L);

            var chunks = store.Database.GetCollection(LedgerChunkCodec.Collection).FindAll().Select(LedgerChunkCodec.Decode).ToList();
            await Assert.That(chunks.Count).IsEqualTo(3); // 2048 + 2048 + 904: small batches top up the last chunk
            await Assert.That(chunks.All(c => c.Ids.Count <= SeenEventLedger.ChunkCapacity)).IsTrue();
            await Assert.That(chunks.Sum(c => c.Ids.Count)).IsEqualTo(5_000);
        }
        using (var store = DecnetStore.Open(dir.Path, "test", Time))
        {
            await Assert.That(store.SeenEvents.Contains((UInt128)4_999)).IsTrue();
            await Assert.That(store.SeenEvents.Contains((UInt128)5_001)).IsFalse();
            await Assert.That(store.SeenEvents.Count).IsEqualTo(5_000L);
            // Appending after a reload continues the last chunk.
            await Assert.That(store.SeenEvents.Record([(UInt128)9_999_999])).IsEqualTo(1);
            await Assert.That(store.Database.GetCollection(LedgerChunkCodec.Collection).Count()).IsEqualTo(3);
        }
    }
}
