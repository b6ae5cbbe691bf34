using Decnet.Engine.GeoIp;

namespace Decnet.Tests.GeoIp;

public class IntervalTrieSizeTests
{
    // The tries are saved with the index and read at every load: they must stay a small multiple of the data (a 16-bit
    // root per family plus about two slots per IPv4 interval where a /16 is split further, and for IPv6 up to 64 per
    // interval of a split slot so delegated prefixes fall on slot boundaries), or loads and memory grow with them.
    [Test]
    public async Task Tries_over_the_real_data_stay_a_small_multiple_of_the_intervals()
    {
        var rir = RirRangeIndex.BuildFromFiles(RirRealDataTests.RirFiles());
        await Assert.That(rir.TrieSlots.V4).IsLessThanOrEqualTo(65536 + 2 * rir.IPv4Intervals);
        await Assert.That(rir.TrieSlots.V6).IsLessThanOrEqualTo(65536 + 16 * rir.IPv6Intervals);
        var asnDir = SharedData.Find("asn");
        if (asnDir is null) Skip.Test("../shared/data/asn not found");
        var asn = AsnTable.BuildFromFiles([Path.Combine(asnDir!, "asn-ipv4.csv.gz")]);
        await Assert.That(asn.TrieSlots.V4).IsLessThanOrEqualTo(65536 + 2 * asn.RowCount);
    }
}
