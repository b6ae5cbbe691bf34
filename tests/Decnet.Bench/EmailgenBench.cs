using System.Diagnostics;
using Decnet.Engine.Emailgen;

namespace Decnet.Bench;

/// <summary>
/// Offline emailgen end to end: personas → threads → offline text → MIME → Maildir (tmp, mtime, rename into new/ or
/// cur/, plus the sender's Sent copy), in messages per second of wall time, against only writing the same number of
/// files the same way (the filesystem floor). Medians of several runs into a fresh spool, once on the temp dir's
/// disk and once on tmpfs (/dev/shm) when there is one: on a busy shared disk file creation alone can be the limit,
/// tmpfs shows what the generator itself costs.
/// </summary>
public static class EmailgenBench
{
    private const int Messages = 5_000;
    private const int Runs = 3;

    public static IEnumerable<BenchFigure> Run()
    {
        foreach (var (label, dir) in new[] { ("disk", Path.GetTempPath()), ("tmpfs", "/dev/shm") })
        {
            if (!Directory.Exists(dir)) { Console.Error.WriteLine($"emailgen: no {dir}, {label} run skipped"); continue; }
            foreach (var f in RunOn(label, dir)) yield return f;
        }
    }

    private static IEnumerable<BenchFigure> RunOn(string label, string dir)
    {
        var personas = PersonaGenerator.Generate(12, "corp.example", new Random(1), "mixed");
        var until = new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
        var files = 0;
        var sample = MimeMessageWriter.Write(EmailgenSample(personas, until));
        // The two alternate run by run: on a shared VM disk the writeback of one run's files slows whatever runs next.
        var generateRuns = new List<double>();
        var floorRuns = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            generateRuns.Add(InTempSpool(dir, root =>
            {
                var started = Stopwatch.GetTimestamp();
                var records = MailboxBatch.GenerateAsync(new ConversationGenerator(new OfflineBackend()), new MailDelivery(new MaildirSpool(root)), "bench",
                    personas, Messages, until.AddDays(-60), until, new Random(run), CancellationToken.None).GetAwaiter().GetResult();
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                files = records.Sum(r => r.Mailboxes.Count + 1);
                return Messages / seconds;
            }));
            floorRuns.Add(InTempSpool(dir, root =>
            {
                var spool = new MaildirSpool(root);
                var box = spool.Inbox("bench", "floor");
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < files; i++) spool.Deliver(box, sample, until, seen: true);
                return Messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
            }));
        }
        var generate = Median.Of(generateRuns);
        var floor = Median.Of(floorRuns);
        var textOnly = Median.Of(Enumerable.Range(0, Runs).Select(run =>
        {
            var started = Stopwatch.GetTimestamp();
            var messages = new ConversationGenerator(new OfflineBackend()).GenerateAsync(personas, Messages, until.AddDays(-60), until, new Random(run), CancellationToken.None).GetAwaiter().GetResult();
            foreach (var m in messages) MimeMessageWriter.Write(m);
            return Messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }));
        Console.Error.WriteLine($"emailgen ({label}): generation + MIME alone, no files: {textOnly:N0} msg/s");
        Console.Error.WriteLine($"emailgen ({label}, {dir}): {Messages:N0} messages = {files:N0} Maildir files (inbox copies + Sent), {personas.Count} personas, offline backend");
        yield return new BenchFigure($"emailgen offline → Maildir ({label})", generate, "msg/s", "same file count, write+rename only", floor, "msg/s");
    }

    private static ThreadMessage EmailgenSample(IReadOnlyList<Persona> personas, DateTimeOffset at) =>
        new("<bench@corp.example>", "t", MailTopics.Meeting, personas[0], [personas[1]], [], "Agenda for Monday", new string('x', 600), at, null, [], "offline");

    private static double InTempSpool(string dir, Func<string, double> measure)
    {
        var root = Path.Combine(dir, $"decnet-emailgen-bench-{Environment.ProcessId}-{Guid.NewGuid():n}");
        try { return measure(root); }
        finally { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
    }
}
