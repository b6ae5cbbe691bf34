namespace Decnet.Engine.Emailgen;

/// <summary>
/// A persona's local time: its IANA zone from the system's tzdata, or the fixed offset listed beside the zone in the
/// word lists when this host has no tzdata (an air-gapped minimal image), or UTC.
/// </summary>
public static class PersonaClock
{
    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<string, TimeZoneInfo> Cache = new(StringComparer.Ordinal);

    public static TimeZoneInfo Zone(string ianaName)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(ianaName, out var zone)) return zone;
            zone = Resolve(ianaName);
            Cache[ianaName] = zone;
            return zone;
        }
    }

    private static TimeZoneInfo Resolve(string name)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(name); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { }
        foreach (var lang in WordList.Languages)
            foreach (var line in WordList.For(lang).Section("timezones"))
            {
                var bar = line.IndexOf('|');
                if (bar > 0 && line.AsSpan(0, bar).SequenceEqual(name) && int.TryParse(line.AsSpan(bar + 1), out var hours))
                    return TimeZoneInfo.CreateCustomTimeZone(name, TimeSpan.FromHours(hours), name, name);
            }
        return TimeZoneInfo.Utc;
    }

    /// <summary><paramref name="utc"/> as the persona's local wall time with its offset.</summary>
    public static DateTimeOffset Local(Persona p, DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone(p.TimeZone));

    /// <summary>True when <paramref name="utc"/> falls on a weekday inside the persona's working hours.</summary>
    public static bool IsWorking(Persona p, DateTimeOffset utc)
    {
        var local = Local(p, utc);
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && local.Hour >= p.WorkStartHour && local.Hour < p.WorkEndHour;
    }

    /// <summary>
    /// The first instant at or after <paramref name="utc"/> inside the persona's working hours; when it had to move to a
    /// later day, a random 0-90 minutes after the start of the day (nobody answers mail at 09:00:00 sharp).
    /// </summary>
    public static DateTimeOffset NextWorking(Persona p, DateTimeOffset utc, Random rng)
    {
        if (IsWorking(p, utc)) return utc;
        var zone = Zone(p.TimeZone);
        var local = Local(p, utc);
        var day = local.Date;
        if (local.Hour >= p.WorkEndHour || local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        var span = Math.Max(1, (p.WorkEndHour - p.WorkStartHour) * 60 - 1);
        var wall = day.AddHours(p.WorkStartHour).AddMinutes(rng.Next(Math.Min(90, span))).AddSeconds(rng.Next(60));
        // A wall time inside a DST gap does not exist; step past it.
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(30);
        var result = new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
        return result < utc ? utc : result;
    }

    /// <summary>A random instant in the persona's working hours on a random weekday of [from, to).</summary>
    public static DateTimeOffset RandomWorking(Persona p, DateTimeOffset from, DateTimeOffset to, Random rng)
    {
        var range = Math.Max(1, (long)(to - from).TotalSeconds);
        var at = from.AddSeconds(rng.NextInt64(range));
        at = NextWorking(p, at, rng);
        if (at >= to) return NextWorking(p, from, rng);
        // Spread within the working day rather than bunching at its start.
        var local = Local(p, at);
        var minutesLeft = (p.WorkEndHour - local.Hour) * 60 - local.Minute - 1;
        if (minutesLeft > 1)
        {
            var later = at.AddMinutes(rng.Next(minutesLeft));
            if (later < to && IsWorking(p, later)) at = later;
        }
        return at;
    }
}
