using Decnet.Engine.Ingest;

namespace Decnet.Tests.Ingest;

/// <summary>The README's totals for the real May 2018 Cowrie files (../shared/data/cowrie).</summary>
public class CowrieRealDataTests
{
    [Test]
    public async Task AllMayFilesGiveTheDocumentedTotals()
    {
        var dir = SharedData.Find("cowrie");
        var files = dir is null ? [] : Directory.GetFiles(dir, "cowrie.json.2018-05-*.gz");
        if (files.Length == 0) Skip.Test("real Cowrie data not found (../shared/data/cowrie or $DECNET_SHARED_DATA/cowrie)");

        var reader = new EventStreamReader(TimeProvider.System);
        var events = 0;
        var malformed = 0;
        var samples = new List<string>();
        var ips = new HashSet<string>();
        var ids = new HashSet<string>();
        var versions = 0;
        var withHassh = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            await foreach (var batch in reader.ReadAsync(stream, InputFormat.Auto, Path.GetFileName(file), 4096, CancellationToken.None))
            {
                await Assert.That(batch.Format).IsEqualTo(InputFormat.Cowrie);
                malformed += batch.Malformed;
                samples.AddRange(batch.MalformedSamples);
                foreach (var ev in batch.Events)
                {
                    events++;
                    ips.Add(ev.SrcIp);
                    ids.Add(ev.Id);
                    if (ev.Event == EventTypes.ClientVersion)
                    {
                        versions++;
                        if (ev.Hassh is { Length: 32 }) withHassh++;
                    }
                }
            }
        }

        await Assert.That(string.Join("; ", samples)).IsEqualTo("");
        await Assert.That(malformed).IsEqualTo(0);
        await Assert.That(events).IsEqualTo(34_774);
        await Assert.That(ips.Count).IsEqualTo(562);
        // No line repeats in these files, so every id is distinct.
        await Assert.That(ids.Count).IsEqualTo(34_774);
        await Assert.That(versions).IsEqualTo(7_313);
        await Assert.That(withHassh).IsEqualTo(7_313);
    }
}
