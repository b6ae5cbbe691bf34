using System.Diagnostics;
using Decnet.Storage;

namespace Decnet.Tests.Storage;

public class StoreLockTests
{
    private static readonly TimeProvider Time = TimeProvider.System;

    [Test]
    public async Task SecondAcquireInTheSameProcessFailsUntilTheFirstIsReleased()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);

        await Assert.That(StoreLock.TryAcquire(dir.Path, "supervise", Time, out var first, out var holder)).IsTrue();
        await Assert.That(first).IsNotNull();
        await Assert.That(holder!.Pid).IsEqualTo(Environment.ProcessId);
        await Assert.That(StoreLock.IsHeld(dir.Path)).IsTrue();

        // flock belongs to the open file description: a second open+flock fails even in this process.
        await Assert.That(StoreLock.TryAcquire(dir.Path, "ingest", Time, out var second, out var seen)).IsFalse();
        await Assert.That(second).IsNull();
        await Assert.That(seen).IsEqualTo(first!.Holder);
        await Assert.That(seen!.Command).IsEqualTo("supervise");

        first.Dispose();
        await Assert.That(StoreLock.IsHeld(dir.Path)).IsFalse();
        await Assert.That(LockHolder.Read(dir.Path)).IsNull();
        await Assert.That(StoreLock.TryAcquire(dir.Path, "ingest", Time, out var third, out _)).IsTrue();
        await Assert.That(LockHolder.Read(dir.Path)!.Command).IsEqualTo("ingest");
        third!.Dispose();
        third.Dispose(); // idempotent
    }

    [Test]
    public async Task TheLockFileHoldsTheOwnersDescriptionAsJson()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        var started = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        await Assert.That(StoreLock.TryAcquire(dir.Path, "supervise", new FixedTime(started), out var owned, out _)).IsTrue();
        using (owned)
        {
            // Read with raw open(2): File.ReadAllText would itself fail on the flocked file (.NET locks what it opens).
            var holder = LockHolder.Read(dir.Path);
            await Assert.That(holder).IsEqualTo(new LockHolder(Environment.ProcessId, "supervise", started));
            var text = System.Text.Encoding.UTF8.GetString(holder!.ToJsonBytes());
            await Assert.That(text).IsEqualTo($"{{\"pid\":{Environment.ProcessId},\"command\":\"supervise\",\"started\":\"2026-05-01T10:00:00Z\"}}");
        }
    }

    [Test]
    public async Task ALockHeldByAnotherProcessMakesTryAcquireFail()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.Path);
        var lockFile = Path.Combine(dir.Path, StoreLock.FileName);
        File.WriteAllText(lockFile, "");
        // flock(1) holds LOCK_EX on the file while its child runs; "echo" tells us it has the lock.
        using var child = Process.Start(new ProcessStartInfo("flock", ["-n", lockFile, "sh", "-c", "echo locked; sleep 5"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            await Assert.That(await child.StandardOutput.ReadLineAsync()).IsEqualTo("locked");
            await Assert.That(StoreLock.IsHeld(dir.Path)).IsTrue();
            await Assert.That(StoreLock.TryAcquire(dir.Path, "ingest", Time, out var owned, out var holder)).IsFalse();
            await Assert.That(owned).IsNull();
            await Assert.That(holder).IsNull(); // flock(1) writes no description

            var error = await Assert.That(() => DecnetStore.Open(dir.Path, "ingest", Time)).Throws<StoreLockedException>();
            await Assert.That(error!.Message).Contains("holder unknown");
            await Assert.That(error.Message).Contains(dir.Path);
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        await Assert.That(StoreLock.TryAcquire(dir.Path, "ingest", Time, out var afterwards, out _)).IsTrue();
        afterwards!.Dispose();
    }

    [Test]
    public async Task OpeningAnOwnedStoreThrowsAOneLineMessageNamingPidCommandAndDataDir()
    {
        using var dir = new TempDataDir();
        using var store = DecnetStore.Open(dir.Path, "supervise", Time);
        var error = await Assert.That(() => DecnetStore.Open(dir.Path, "attackers list", Time)).Throws<StoreLockedException>();
        await Assert.That(error!.Message).Contains($"pid {Environment.ProcessId}");
        await Assert.That(error.Message).Contains("decnet supervise");
        await Assert.That(error.Message).Contains(Path.GetFullPath(dir.Path));
        await Assert.That(error.Message.Contains('\n')).IsFalse();
        await Assert.That(error.Holder!.Command).IsEqualTo("supervise");
        await Assert.That(error.DataDir).IsEqualTo(Path.GetFullPath(dir.Path));
    }

    [Test]
    public async Task GarbageInTheLockFileReadsAsUnknownHolder()
    {
        await Assert.That(LockHolder.Parse("not json"u8)).IsNull();
        await Assert.That(LockHolder.Parse("{}"u8)).IsNull();
        await Assert.That(LockHolder.Parse(""u8)).IsNull();
        await Assert.That(LockHolder.Read("/nonexistent-dir-for-decnet-tests")).IsNull();
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
