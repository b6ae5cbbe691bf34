namespace Decnet.Engine.Simulation;

/// <summary>The decoy hosts (sensors) of the simulated deception network.</summary>
public static class Deckies
{
    public static readonly string[] Names =
    [
        "edge-ssh-01", "web-01", "web-02", "db-01", "db-02", "mail-01", "files-01", "vpn-01",
        "dev-01", "dev-02", "jump-01", "backup-01", "git-01", "ci-01", "cam-01", "nas-01",
    ];

    /// <summary>A few deckies one campaign works on.</summary>
    public static string[] Pick(Random random, int min, int max)
    {
        var copy = (string[])Names.Clone();
        random.Shuffle(copy);
        return copy[..random.Next(min, max + 1)];
    }
}
