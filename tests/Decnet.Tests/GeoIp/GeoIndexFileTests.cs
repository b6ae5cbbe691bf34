using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

public class GeoIndexFileTests
{
    private string _dir = "";

    [Before(Test)]
    public void MakeDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "decnet-geoidx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [After(Test)]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private const string Apnic = "2|apnic|20140701|3|19850701|20140630|+1000\napnic|*|ipv4|*|2|summary\napnic|AU|ipv4|1.1.1.0|256|20110811|assigned\napnic|JP|ipv4|1.0.16.0|4096|20110412|allocated\napnic|CN|ipv6|2001:250::|31|20000426|allocated\napnic|AU|ipv4|bad|256|20110811|assigned\n";
    private const string Ripe = "2|ripencc|1404165599|2|19830705|20140630|+0200\nripencc|DE|ipv4|80.0.0.0|65536|20000101|allocated\nripencc|FR|ipv4|80.0.4.0|768|20000101|allocated\nripencc|NL|ipv6|2001:610::|29|19990819|allocated\n";

    private void WriteSources()
    {
        File.WriteAllText(Path.Combine(_dir, "delegated-apnic-latest"), Apnic);
        File.WriteAllText(Path.Combine(_dir, "delegated-ripencc-extended-latest"), Ripe);
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "delegated-apnic-latest"), DateTime.UtcNow.AddMinutes(-10));
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "delegated-ripencc-extended-latest"), DateTime.UtcNow.AddMinutes(-10));
    }

    [Test]
    public async Task Build_save_load_gives_identical_lookups_on_random_addresses()
    {
        WriteSources();
        var built = GeoIndexFile.LoadOrBuild(_dir, out var rebuilt);
        await Assert.That(rebuilt).IsTrue();
        await Assert.That(File.Exists(Path.Combine(_dir, GeoIndexFile.FileName))).IsTrue();
        var loaded = GeoIndexFile.LoadOrBuild(_dir, out var rebuilt2);
        await Assert.That(rebuilt2).IsFalse();

        var rng = new Random(11);
        Span<byte> b = stackalloc byte[16];
        for (var i = 0; i < 50_000; i++)
        {
            var v4 = (uint)rng.NextInt64(0, (long)uint.MaxValue + 1);
            if (loaded.Lookup(v4) != built.Lookup(v4)) throw new Exception($"v4 {IpNumber.Format(v4)} differs");
            rng.NextBytes(b);
            var v6 = IpNumber.ToUInt128(b);
            if (i % 2 == 0) v6 = (v6 & (UInt128.MaxValue >> 32)) | ((UInt128)0x2001_0000u << 96 | (UInt128)(uint)rng.Next(0, 0x800) << 112 >> 16);
            if (loaded.Lookup(v6) != built.Lookup(v6)) throw new Exception($"v6 {IpNumber.Format(true, v6)} differs");
        }
        await Assert.That(loaded.Lookup("80.0.6.255").CountryCode).IsEqualTo("FR");
        await Assert.That(loaded.Lookup("2001:251::1").CountryCode).IsEqualTo("CN");
        await Assert.That(loaded.Sources.Count).IsEqualTo(2);
        await Assert.That(loaded.Sources[0]).IsEquivalentTo(built.Sources[0]);
        await Assert.That(loaded.Sources[0].Malformed).IsEqualTo(1);
        await Assert.That(loaded.Sources[1].DataDate).IsEqualTo(new DateOnly(2014, 6, 30));
        await Assert.That(loaded.V4.Starts).IsEquivalentTo(built.V4.Starts);
        await Assert.That(loaded.V6.Starts).IsEquivalentTo(built.V6.Starts);
    }

    [Test]
    public async Task A_changed_or_newer_source_triggers_a_rebuild()
    {
        WriteSources();
        GeoIndexFile.LoadOrBuild(_dir, out _);
        var apnic = Path.Combine(_dir, "delegated-apnic-latest");
        File.WriteAllText(apnic, Apnic.Replace("1.1.1.0|256|20110811|assigned", "1.1.1.0|256|20110811|assigned\napnic|NZ|ipv4|1.1.2.0|256|20110811|assigned", StringComparison.Ordinal));
        var after = GeoIndexFile.LoadOrBuild(_dir, out var rebuilt);
        await Assert.That(rebuilt).IsTrue();
        await Assert.That(after.Lookup("1.1.2.3").CountryCode).IsEqualTo("NZ");
        // Same length and an older mtime, but another file set (a file removed): rebuilt.
        File.Delete(Path.Combine(_dir, "delegated-ripencc-extended-latest"));
        var fewer = GeoIndexFile.LoadOrBuild(_dir, out var rebuilt2);
        await Assert.That(rebuilt2).IsTrue();
        await Assert.That(fewer.Lookup("80.0.0.1").Status).IsEqualTo(GeoStatus.NotFound);
    }

    [Test]
    public async Task Damaged_index_file_is_rebuilt_not_fatal()
    {
        WriteSources();
        GeoIndexFile.LoadOrBuild(_dir, out _);
        var idx = Path.Combine(_dir, GeoIndexFile.FileName);
        var bytes = File.ReadAllBytes(idx);
        File.WriteAllBytes(idx, bytes[..(bytes.Length / 2)]);
        await Assert.That(() => GeoIndexFile.Load(idx, out _)).Throws<InvalidDataException>();
        var index = GeoIndexFile.LoadOrBuild(_dir, out var rebuilt);
        await Assert.That(rebuilt).IsTrue();
        await Assert.That(index.Lookup("1.1.1.1").CountryCode).IsEqualTo("AU");
        File.WriteAllText(idx, "not an index at all");
        await Assert.That(() => GeoIndexFile.Load(idx, out _)).Throws<InvalidDataException>();
        await Assert.That(Directory.GetFiles(_dir, "*.tmp-*").Length).IsEqualTo(0);
    }

    [Test]
    public async Task A_saved_lookup_table_that_does_not_fit_its_intervals_is_refused_and_rebuilt()
    {
        WriteSources();
        GeoIndexFile.LoadOrBuild(_dir, out _);
        var idx = Path.Combine(_dir, GeoIndexFile.FileName);
        var bytes = File.ReadAllBytes(idx);
        // The file ends with the IPv6 trie: make its last slot a child table pointing back at the root (a loop).
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8), 1UL << 62 | 0UL << 8 | 4);
        File.WriteAllBytes(idx, bytes);
        await Assert.That(() => GeoIndexFile.Load(idx, out _)).Throws<InvalidDataException>();
        var index = GeoIndexFile.LoadOrBuild(_dir, out var rebuilt);
        await Assert.That(rebuilt).IsTrue();
        await Assert.That(index.Lookup("2001:610::1").CountryCode).IsEqualTo("NL");
        // And an answer slot whose payload is not its interval's (a flipped country) is refused too.
        bytes = File.ReadAllBytes(idx);
        var trieStart = bytes.Length - 8 * index.TrieSlots.V6;
        var answer = Enumerable.Range(0, index.TrieSlots.V6).First(i => (long)BitConverter.ToUInt64(bytes, trieStart + 8 * i) < 0);
        bytes[trieStart + 8 * answer] ^= 1;
        File.WriteAllBytes(idx, bytes);
        await Assert.That(() => GeoIndexFile.Load(idx, out _)).Throws<InvalidDataException>();
    }
}
