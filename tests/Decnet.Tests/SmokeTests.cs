namespace Decnet.Tests;

public class SmokeTests
{
    [Test]
    public async Task EventTypesAreDotted()
    {
        await Assert.That(Decnet.Engine.Ingest.EventTypes.LoginFailed).Contains(".");
    }
}
