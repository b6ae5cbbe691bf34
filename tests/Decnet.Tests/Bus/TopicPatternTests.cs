using System.Text;
using Decnet.Bus;

namespace Decnet.Tests.Bus;

public class TopicPatternTests
{
    [Test]
    // literal
    [Arguments("a", "a", true)]
    [Arguments("a", "b", false)]
    [Arguments("a", "a.b", false)]
    [Arguments("a.b", "a", false)]
    [Arguments("a.b", "a.b", true)]
    [Arguments("a.b", "a.bc", false)]
    [Arguments("a.b", "a.b.c", false)]
    [Arguments("attacker.observed", "attacker.observed", true)]
    [Arguments("attacker.observed", "attacker.scored", false)]
    // '*' = exactly one non-empty token
    [Arguments("*", "a", true)]
    [Arguments("*", "abc", true)]
    [Arguments("*", "a.b", false)]
    [Arguments("*", "", false)]
    [Arguments("a.*", "a.b", true)]
    [Arguments("a.*", "a", false)]
    [Arguments("a.*", "a.b.c", false)]
    [Arguments("a.*", "b.c", false)]
    [Arguments("a.*.c", "a.b.c", true)]
    [Arguments("a.*.c", "a.xyz.c", true)]
    [Arguments("a.*.c", "a.c", false)]
    [Arguments("a.*.c", "a.b.d", false)]
    [Arguments("a.*.c", "a.b.c.d", false)]
    [Arguments("a.*.c", "a..c", false)]
    [Arguments("*.*", "a.b", true)]
    [Arguments("*.*", "a", false)]
    [Arguments("*.b", "a.b", true)]
    [Arguments("*.b", "a.c", false)]
    [Arguments("topology.*.status", "topology.t1.status", true)]
    [Arguments("topology.*.status", "topology.t1.x.status", false)]
    [Arguments("system.*.health", "system.webhook.health", true)]
    [Arguments("system.*.health", "system.webhook.control", false)]
    // '>' = one or more trailing tokens
    [Arguments(">", "a", true)]
    [Arguments(">", "a.b.c", true)]
    [Arguments(">", "", false)]
    [Arguments("a.>", "a", false)]
    [Arguments("a.>", "a.b", true)]
    [Arguments("a.>", "a.b.c.d", true)]
    [Arguments("a.>", "b.c", false)]
    [Arguments("a.>", "ab.c", false)]
    [Arguments("a.*.>", "a.b", false)]
    [Arguments("a.*.>", "a.b.c", true)]
    [Arguments("*.>", "a", false)]
    [Arguments("*.>", "a.b", true)]
    [Arguments("identity.>", "identity.campaign.assigned", true)]
    [Arguments("identity.>", "campaign.identity.assigned", false)]
    // malformed topics never match a wildcard
    [Arguments("a.>", "a.", false)]
    [Arguments("a.>", "a.b.", false)]
    [Arguments("a.>", "a..b", false)]
    [Arguments("a.*", "a.", false)]
    [Arguments("*", ".", false)]
    // case-sensitive, ordinal
    [Arguments("a.B", "a.b", false)]
    [Arguments("é.*", "é.x", true)]
    public async Task Matches(string pattern, string topic, bool expected)
    {
        var parsed = TopicPattern.Parse(pattern);
        await Assert.That(parsed.Matches(topic)).IsEqualTo(expected);
        await Assert.That(parsed.MatchesUtf8(Encoding.UTF8.GetBytes(topic))).IsEqualTo(expected);
    }

    [Test]
    [Arguments("")]
    [Arguments("a..b")]
    [Arguments(".a")]
    [Arguments("a.")]
    [Arguments(".")]
    [Arguments("a.>.b")]
    [Arguments(">.a")]
    [Arguments("> ")]
    [Arguments("a.b>")]
    [Arguments("a.*b")]
    [Arguments("a*.b")]
    [Arguments("a.**")]
    [Arguments("a.>>")]
    [Arguments("a b")]
    [Arguments("a.\tb")]
    [Arguments("a.b\n")]
    [Arguments(" a")]
    [Arguments("a.\u00a0")]
    [Arguments("a.\u0001")]
    public async Task RejectsMalformedPatterns(string pattern)
    {
        var ok = TopicPattern.TryParse(pattern, out _, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(error).IsNotEmpty();
    }

    [Test]
    public async Task RejectsNullPattern()
    {
        await Assert.That(TopicPattern.TryParse(null, out _, out var error)).IsFalse();
        await Assert.That(error).IsEqualTo("empty pattern");
    }

    [Test]
    [Arguments("a.>.b", "'>' may only be the last token")]
    [Arguments("a..b", "token 2: empty token")]
    [Arguments("a.b c", "whitespace")]
    [Arguments("a.x*", "contains '*'")]
    public async Task ErrorSaysWhatIsWrong(string pattern, string fragment)
    {
        TopicPattern.TryParse(pattern, out _, out var error);
        await Assert.That(error).Contains(fragment);
    }

    [Test]
    [Arguments("attacker.*", "attacker.")]
    [Arguments("attacker.>", "attacker.")]
    [Arguments(">", "")]
    [Arguments("*", "")]
    [Arguments("*.status", "")]
    [Arguments("a.b.*.d", "a.b.")]
    [Arguments("attacker.observed", "attacker.observed")]
    public async Task SubscriptionPrefixIsTheLiteralHead(string pattern, string prefix)
    {
        await Assert.That(TopicPattern.Parse(pattern).SubscriptionPrefix).IsEqualTo(prefix);
    }

    [Test]
    [Arguments("a", true)]
    [Arguments("a.b.c", true)]
    [Arguments("system.webhook.subscriptions_changed", true)]
    [Arguments("", false)]
    [Arguments("a..b", false)]
    [Arguments("a.", false)]
    [Arguments(".a", false)]
    [Arguments("a.*", false)]
    [Arguments(">", false)]
    [Arguments("a.>", false)]
    [Arguments("a b", false)]
    [Arguments("a.b\r", false)]
    public async Task IsValidTopic(string topic, bool expected)
    {
        await Assert.That(Topics.IsValidTopic(topic, out var error)).IsEqualTo(expected);
        await Assert.That(error.Length == 0).IsEqualTo(expected);
    }

    [Test]
    public async Task MatchingAllocatesNothing()
    {
        var pattern = TopicPattern.Parse("system.*.>");
        const string topic = "system.webhook.health";
        var utf8 = Encoding.UTF8.GetBytes(topic);
        pattern.Matches(topic); pattern.MatchesUtf8(utf8); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (pattern.Matches(topic)) hits++;
            if (pattern.MatchesUtf8(utf8)) hits++;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(hits).IsEqualTo(20_000);
        await Assert.That(allocated).IsEqualTo(0L);
    }
}
