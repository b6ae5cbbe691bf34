using Decnet.Engine.Evaluation;
using Decnet.Engine.Simulation;

namespace Decnet.Tests.Evaluation;

public class AssignmentComparerTests
{
    private static Dictionary<string, ClusterAssignment> Map(params (string Ip, string Identity, string Campaign)[] rows) =>
        rows.ToDictionary(r => r.Ip, r => new ClusterAssignment(r.Identity, r.Campaign));

    [Test]
    public async Task EmptyCampaignMeansTheIdentityStandsAloneWhicheverSideSaysIt()
    {
        var truth = Map(("1.1.1.1", "op-1", "camp-1"), ("1.1.1.2", "op-1", "camp-1"), ("1.1.1.3", "op-2", "camp-1"),
            ("2.2.2.2", "noise-1", ""), ("3.3.3.3", "noise-2", ""));
        // The prediction gives singletons a campaign of their own and uses other names: the same partition.
        var predicted = Map(("1.1.1.1", "I7", "C1"), ("1.1.1.2", "I7", "C1"), ("1.1.1.3", "I8", "C1"),
            ("2.2.2.2", "I9", "C2"), ("3.3.3.3", "I10", "C3"));
        var report = AssignmentComparer.Compare(truth, predicted);
        await Assert.That(report.Identity.AdjustedRandIndex).IsEqualTo(1.0);
        await Assert.That(report.Campaign.AdjustedRandIndex).IsEqualTo(1.0);
        await Assert.That(report.Campaign.TrueClusters).IsEqualTo(3);
        await Assert.That(report.Identity.SingletonRecall).IsEqualTo(1.0);
    }

    [Test]
    public async Task EmptyIdentityIsTheIpsOwnSingleton()
    {
        var truth = Map(("1.1.1.1", "", ""), ("1.1.1.2", "", ""));
        var predicted = Map(("1.1.1.1", "x", ""), ("1.1.1.2", "y", ""));
        var report = AssignmentComparer.Compare(truth, predicted);
        await Assert.That(report.Identity.TrueClusters).IsEqualTo(2);
        await Assert.That(report.Identity.AdjustedRandIndex).IsEqualTo(1.0);
    }

    [Test]
    public async Task MissingIpsArePredictedSingletonsAndExtraIpsAreIgnored()
    {
        var truth = Map(("1.1.1.1", "a", "c"), ("1.1.1.2", "a", "c"), ("1.1.1.3", "b", ""));
        var predicted = Map(("1.1.1.1", "a", "c"), ("1.1.1.3", "b", ""), ("9.9.9.9", "a", "c"));
        var report = AssignmentComparer.Compare(truth, predicted);
        await Assert.That((report.Ips, report.Missing, report.Extra)).IsEqualTo((3L, 1L, 1L));
        await Assert.That(report.Identity.PairRecall).IsEqualTo(0.0);
        await Assert.That(report.Identity.PairPrecision).IsEqualTo(1.0);
    }

    [Test]
    public async Task CampaignLevelSeesMergedCampaignsIdentityLevelDoesNot()
    {
        var truth = Map(("1.0.0.1", "a", "c1"), ("1.0.0.2", "b", "c2"));
        var predicted = Map(("1.0.0.1", "a", "X"), ("1.0.0.2", "b", "X"));
        var report = AssignmentComparer.Compare(truth, predicted);
        await Assert.That(report.Identity.AdjustedRandIndex).IsEqualTo(1.0);
        await Assert.That(report.Campaign.PairPrecision).IsEqualTo(0.0);
    }

    [Test]
    public async Task FileSourceReadsTheTruthShapeAndReportsBadLines()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(path,
            [
                """{"ip":"1.1.1.1","identity":"op-1","campaign":"camp-1"}""",
                "not json",
                """{"identity":"op-2"}""",
                """{"ip":"1.1.1.2","identity":"op-2"}""",
                """{"ip":"1.1.1.1","identity":"op-3","campaign":""}""",
                "",
            ]);
            var source = new AssignmentFileSource(path);
            var map = source.Load(CancellationToken.None);
            await Assert.That(map.Count).IsEqualTo(2);
            await Assert.That(map["1.1.1.2"]).IsEqualTo(new ClusterAssignment("op-2", ""));
            await Assert.That(source.Errors.Count).IsEqualTo(3);
            await Assert.That(source.Errors[0]).StartsWith(path + ":2: ");
            await Assert.That(source.Errors[1]).IsEqualTo(path + ":3: missing field 'ip'");
            await Assert.That(source.Errors[2]).Contains(":5: ip 1.1.1.1 listed twice");
        }
        finally { File.Delete(path); }
    }

    [Test]
    public async Task TruthFileRoundTrips()
    {
        var records = new[] { new TruthRecord("203.0.113.7", "op-0007", "camp-002"), new TruthRecord("198.51.100.1", "noise-000001", "") };
        using var buffer = new MemoryStream();
        TruthFile.Write(buffer, records);
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        await Assert.That(text).StartsWith("""{"ip":"203.0.113.7","identity":"op-0007","campaign":"camp-002"}""" + "\n");
        var errors = new List<string>();
        var back = TruthFile.Read(new StringReader(text), "t", errors);
        await Assert.That(back).IsEquivalentTo(records);
        await Assert.That(errors).IsEmpty();
    }
}
