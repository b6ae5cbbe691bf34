using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class EnvelopeIdTests
{
    [Test]
    public async Task IdsAreCrockfordBase32AndCarryTheirTimestamp()
    {
        var time = new ManualTime(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        var id = EnvelopeId.New(time, new Random(1));
        await Assert.That(id.Length).IsEqualTo(26);
        await Assert.That(id.All(c => "0123456789ABCDEFGHJKMNPQRSTVWXYZ".Contains(c))).IsTrue();
        await Assert.That(EnvelopeId.IsValid(id)).IsTrue();
        await Assert.That(EnvelopeId.GetTimestamp(id)).IsEqualTo(time.GetUtcNow());
    }

    [Test]
    public async Task SeededRandomIsReproducibleAndDefaultIsNot()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch.AddDays(20000));
        await Assert.That(EnvelopeId.New(time, new Random(42))).IsEqualTo(EnvelopeId.New(time, new Random(42)));
        await Assert.That(EnvelopeId.New(time)).IsNotEqualTo(EnvelopeId.New(time));
    }

    [Test]
    public async Task GeneratorIdsAreUniqueAndStrictlyOrderedAcrossAndWithinMilliseconds()
    {
        var time = new ManualTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var generator = new EnvelopeIdGenerator(time, new Random(7));
        var ids = new List<string>();
        for (var ms = 0; ms < 50; ms++)
        {
            for (var i = 0; i < 200; i++) ids.Add(generator.Next()); // a burst within one millisecond
            time.Advance(TimeSpan.FromMilliseconds(ms % 3)); // sometimes the clock does not move at all
        }
        time.Advance(TimeSpan.FromSeconds(-5)); // clock steps back: order must survive
        for (var i = 0; i < 100; i++) ids.Add(generator.Next());

        await Assert.That(ids.Distinct().Count()).IsEqualTo(ids.Count);
        for (var i = 1; i < ids.Count; i++)
            await Assert.That(string.CompareOrdinal(ids[i - 1], ids[i]) < 0).IsTrue();
    }

    [Test]
    public async Task IndependentIdsFromDifferentMillisecondsSortByTime()
    {
        var time = new ManualTime(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var random = new Random(3);
        var ids = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            ids.Add(EnvelopeId.New(time, random));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
        await Assert.That(ids).IsEquivalentTo(ids.OrderBy(x => x, StringComparer.Ordinal).ToList());
    }

    [Test]
    public async Task DefaultGeneratorMintsUniqueIdsAtSpeed()
    {
        var generator = new EnvelopeIdGenerator(TimeProvider.System);
        var set = new HashSet<string>();
        for (var i = 0; i < 100_000; i++) set.Add(generator.Next());
        await Assert.That(set.Count).IsEqualTo(100_000);
    }

    [Test]
    public async Task EncodingMatchesPlainBase32OfAll128Bits()
    {
        var random = new Random(11);
        var values = new List<UInt128> { UInt128.Zero, UInt128.MaxValue, (UInt128)ulong.MaxValue, (UInt128)ulong.MaxValue + 1 };
        for (var i = 0; i < 1000; i++) values.Add(new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()));
        foreach (var value in values)
        {
            // reference: peel five bits at a time off the 128-bit value
            var expected = new char[EnvelopeId.Length];
            var v = value;
            for (var k = EnvelopeId.Length - 1; k >= 0; k--) { expected[k] = EnvelopeId.Alphabet[(int)(v & 31)]; v >>= 5; }
            var chars = new char[EnvelopeId.Length];
            var bytes = new byte[EnvelopeId.Length];
            EnvelopeId.Write(value, chars);
            EnvelopeId.WriteUtf8(value, bytes);
            await Assert.That(new string(chars)).IsEqualTo(new string(expected));
            await Assert.That(System.Text.Encoding.ASCII.GetString(bytes)).IsEqualTo(new string(expected));
        }
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }
}
