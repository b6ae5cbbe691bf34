using Decnet.Engine.Emailgen;
using MimeKit;

namespace Decnet.Tests.Emailgen;

/// <summary>Shared fixtures: a fixed company, a fixed window, and parsing with MimeKit.</summary>
internal static class EmailgenKit
{
    /// <summary>A Wednesday, so a 30-day window spans several weeks and weekends.</summary>
    public static readonly DateTimeOffset Until = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Persona> Company(int count = 8, string language = "en", int seed = 7, string domain = "corp.example") =>
        PersonaGenerator.Generate(count, domain, new Random(seed), language);

    public static async Task<IReadOnlyList<ThreadMessage>> Conversations(int count, int seed, IReadOnlyList<Persona>? personas = null)
    {
        var generator = new ConversationGenerator(new OfflineBackend());
        return await generator.GenerateAsync(personas ?? Company(), count, Until.AddDays(-30), Until, new Random(seed), CancellationToken.None);
    }

    public static MimeMessage Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return MimeMessage.Load(stream);
    }

    public static string TempPath() => Path.Combine(Path.GetTempPath(), "decnet-emailgen-" + Guid.NewGuid().ToString("n")[..12]);
}

/// <summary>A clock the test moves.</summary>
internal sealed class SettableTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
