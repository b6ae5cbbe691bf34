using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

/// <summary>Shared set-up for bus tests: unique inproc names (tests run in parallel) and a way past PUB/SUB's slow joiner.</summary>
internal static class BusTestKit
{
    public static string UniqueInprocName() => $"test-bus-{Guid.NewGuid():N}";

    public static readonly byte[] Probe = "{\"probe\":true}"u8.ToArray();

    public static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Subscriptions travel to the broker asynchronously, so a message published right after Subscribe may
    /// miss. Publish probes until one arrives (or fail after <paramref name="timeout"/>), then drain the queue.
    /// </summary>
    public static async Task<bool> UntilFlowingAsync(IBus publisher, BusSubscription subscription, string topic, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            publisher.Publish(topic, "probe", Probe);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            try
            {
                if (await subscription.Reader.WaitToReadAsync(wait.Token))
                {
                    await Task.Delay(100); // let in-flight probes land, then drop them all
                    while (subscription.Reader.TryRead(out _)) { }
                    return true;
                }
            }
            catch (OperationCanceledException) { }
        }
        return false;
    }

    /// <summary>Reads up to <paramref name="count"/> envelopes, giving up after <paramref name="timeout"/>.</summary>
    public static async Task<List<BusEnvelope>> ReadAsync(BusSubscription subscription, int count, TimeSpan timeout)
    {
        var list = new List<BusEnvelope>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (list.Count < count && await subscription.Reader.WaitToReadAsync(cts.Token))
                while (list.Count < count && subscription.Reader.TryRead(out var e)) list.Add(e);
        }
        catch (OperationCanceledException) { }
        return list;
    }
}
