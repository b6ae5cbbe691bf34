using Decnet.Engine.Profiler;
using Decnet.Storage;

namespace Decnet.Tests.Storage;

public class AttackerFilterTests
{
    private static AttackerProfile P(string ip, long events, string? cc, uint? asn, string? asName, int minute) => new()
    {
        Ip = ip, EventCount = events,
        FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch.AddMinutes(minute),
        Geo = cc is null && asn is null ? null : new AttackerGeo(cc, "rir", asn, asName, null, "v1"),
    };

    [Test]
    public async Task FilterByCountryAndAsnAndGroupCounts()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "test", TimeProvider.System);
        store.InTransaction(() =>
        {
            store.Attackers.Upsert(P("192.0.2.1", 10, "CN", 4134, "Chinanet", 1));
            store.Attackers.Upsert(P("192.0.2.2", 5, "CN", 4837, "China Unicom", 2));
            store.Attackers.Upsert(P("192.0.2.3", 7, "US", 14061, "DigitalOcean", 3));
            store.Attackers.Upsert(P("192.0.2.4", 1, null, null, null, 4));
        });
        var cn = store.Attackers.List(AttackerSort.Events, 100, new AttackerFilter("cn", null));
        await Assert.That(cn.Select(a => a.Ip)).IsEquivalentTo(new[] { "192.0.2.1", "192.0.2.2" });
        await Assert.That(cn[0].Ip).IsEqualTo("192.0.2.1");
        var as14061 = store.Attackers.List(AttackerSort.LastSeen, 100, new AttackerFilter(null, 14061));
        await Assert.That(as14061.Single().Ip).IsEqualTo("192.0.2.3");
        await Assert.That(store.Attackers.List(AttackerSort.LastSeen, 100, new AttackerFilter("US", 4134)).Count).IsEqualTo(0);

        var byCountry = store.Attackers.CountBy(AttackerGrouping.Country);
        await Assert.That(byCountry[0]).IsEqualTo(new AttackerGroupCount("CN", null, 2, 15));
        await Assert.That(byCountry.Single(g => g.Key == "").Attackers).IsEqualTo(1);
        var byAsn = store.Attackers.CountBy(AttackerGrouping.Asn);
        await Assert.That(byAsn.Single(g => g.Key == "14061")).IsEqualTo(new AttackerGroupCount("14061", "DigitalOcean", 1, 7));
        await Assert.That(byAsn.Count).IsEqualTo(4);
    }
}
