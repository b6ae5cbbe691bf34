using Decnet.Engine.Ingest;
using Decnet.Engine.Profiler;
using Decnet.Storage;

namespace Decnet.Tests.Profiler;

public class GeoStampingTests
{
    private sealed class FixedGeo(string version) : IAttackerGeoSource
    {
        public int Calls;
        public string DataVersion { get; set; } = version;
        public AttackerGeo Resolve(string ip) { Calls++; return new AttackerGeo("NL", "rir", 1136, "KPN", "198.51.100.0/24", DataVersion); }
    }

    private static DecnetEvent Ev(string id) => new()
    {
        Id = id, SrcIp = "198.51.100.4", Event = EventTypes.LoginFailed, Timestamp = DateTimeOffset.UnixEpoch, Username = "a", Password = "b",
    };

    [Test]
    public async Task StampedOnFirstSightingAndAgainOnlyWhenTheDataChanges()
    {
        var dir = Directory.CreateTempSubdirectory("decnet-geo-");
        try
        {
            using var store = DecnetStore.Open(dir.FullName, "test", TimeProvider.System);
            var geo = new FixedGeo("v1");
            new EventBatchApplier(store, null, geo).Apply([Ev("e1")]);
            await Assert.That(store.Attackers.Get("198.51.100.4")!.Geo!.CountryCode).IsEqualTo("NL");
            new EventBatchApplier(store, null, geo).Apply([Ev("e2")]);
            await Assert.That(geo.Calls).IsEqualTo(1);
            geo.DataVersion = "v2";
            new EventBatchApplier(store, null, geo).Apply([Ev("e3")]);
            await Assert.That(geo.Calls).IsEqualTo(2);
            await Assert.That(store.Attackers.Get("198.51.100.4")!.Geo!.DataVersion).IsEqualTo("v2");
            // Without a source (enrichment off) the existing stamp stays and nothing blocks.
            new EventBatchApplier(store).Apply([Ev("e4")]);
            await Assert.That(store.Attackers.Get("198.51.100.4")!.EventCount).IsEqualTo(4);
        }
        finally { dir.Delete(true); }
    }
}
