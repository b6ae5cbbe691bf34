using Decnet.Engine.Emailgen;

namespace Decnet.Tests.Emailgen;

/// <summary>Persona generation from the embedded word lists, and the import/export formats.</summary>
public class PersonaTests
{
    [Test]
    public async Task GeneratedPersonasAreUniqueValidAndPlausible()
    {
        var personas = PersonaGenerator.Generate(300, "Corp.Example", new Random(3), "mixed");
        await Assert.That(personas.Select(p => p.Email).Distinct().Count()).IsEqualTo(300);
        foreach (var p in personas)
        {
            await Assert.That(p.Email).EndsWith("@corp.example");
            await Assert.That(MaildirSpool.IsValidName(p.LocalPart)).IsTrue().Because(p.Email);
            await Assert.That(p.WorkEndHour - p.WorkStartHour).IsGreaterThanOrEqualTo(8);
            await Assert.That(PersonaClock.Zone(p.TimeZone)).IsNotEqualTo(TimeZoneInfo.Utc).Because(p.TimeZone + " must resolve");
            await Assert.That(MailTopics.ForDepartment(p.Department).Count).IsLessThan(MailTopics.All.Count).Because($"department {p.Department} is known");
        }
        await Assert.That(personas.Select(p => p.Language).Distinct().Count()).IsEqualTo(2);
        await Assert.That(personas.Any(p => p.LastName.Any(c => c > 0x7f))).IsTrue(); // Spanish names keep their accents
        await Assert.That(PersonaGenerator.Fold("Núñez")).IsEqualTo("nunez");
        var taken = new HashSet<string> { personas[0].Email };
        var more = PersonaGenerator.Generate(50, "corp.example", new Random(3), "mixed", taken);
        await Assert.That(more.Any(p => p.Email == personas[0].Email)).IsFalse();
    }

    [Test]
    public async Task WordListsHaveEverySectionTheGrammarUses()
    {
        foreach (var lang in WordList.Languages)
        {
            var w = WordList.For(lang);
            foreach (var section in (string[])["first_names", "last_names", "roles", "timezones", "vendors", "projects", "systems", "rooms", "days", "months", "policies", "errors", "quote_header", "closing"])
                await Assert.That(w.Has(section)).IsTrue().Because($"{lang}: [{section}]");
            foreach (var style in (string[])["formal", "casual", "terse"])
            {
                await Assert.That(w.Has("greeting." + style)).IsTrue();
                await Assert.That(w.Has("signoff." + style)).IsTrue();
            }
            foreach (var topic in MailTopics.All)
                foreach (var part in (string[])["subject", "open", "detail", "ask", "reply"])
                    await Assert.That(w.Has($"topic.{topic}.{part}")).IsTrue().Because($"{lang}: [topic.{topic}.{part}]");
        }
        var e = Assert.Throws<InvalidDataException>(() => WordList.Parse("xx", "orphan\n[a]\nb\n", "test.txt"));
        await Assert.That(e.Message).Contains("test.txt:1");
    }

    [Test]
    public async Task JsonAndTsvRoundTripAndBadEntriesAreNamed()
    {
        var personas = PersonaGenerator.Generate(20, "corp.example", new Random(5), "mixed", scope: "topo-1");
        var errors = new List<string>();
        await Assert.That(PersonaFormats.Parse(PersonaFormats.ToJson(personas), "x.json", errors).SequenceEqual(personas)).IsTrue();
        await Assert.That(PersonaFormats.Parse(PersonaFormats.ToTsv(personas), "x.tsv", errors).SequenceEqual(personas)).IsTrue();
        await Assert.That(errors).IsEmpty();

        var bad = """
            [{"email":"not-an-address","first_name":"A","last_name":"B","role":"R","department":"IT","language":"en","timezone":"Europe/London","work_start":9,"work_end":17,"style":"formal"},
             {"email":"ok@corp.example","first_name":"A","last_name":"B","role":"R","department":"IT","language":"en","timezone":"Europe/London","work_start":9,"work_end":17,"style":"formal"},
             {"email":"late@corp.example","first_name":"A","last_name":"B","role":"R","department":"IT","language":"en","timezone":"Europe/London","work_start":18,"work_end":17,"style":"formal"},
             {"email":"x@corp.example","first_name":"A","role":"R","department":"IT","language":"en","timezone":"Europe/London","work_start":9,"work_end":17,"style":"loud"}]
            """;
        var parsed = PersonaFormats.Parse(bad, "bad.json", errors);
        await Assert.That(parsed.Count).IsEqualTo(1);
        await Assert.That(parsed[0].Scope).IsEqualTo(Persona.GlobalScope);
        await Assert.That(errors.Count).IsEqualTo(3);
        await Assert.That(errors[0]).Contains("bad.json: entry 1: field 'email'");
        await Assert.That(errors[1]).Contains("entry 3: fields 'work_start'/'work_end'");
        await Assert.That(errors[2]).Contains("entry 4: field 'last_name' is missing");
    }
}
