namespace Decnet.Engine.Ingest;

/// <summary>
/// Allocation-free parser for the ISO 8601 / RFC 3339 timestamps the inputs carry
/// (<c>2018-05-06T00:00:59.413838Z</c>, <c>2026-01-02T03:04:05+01:00</c>). Always returns UTC.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public static class IsoTimestamp
{
    /// <summary>
    /// Accepts <c>YYYY-MM-DD(T|t| )hh:mm:ss[.fraction][Z|z|±hh:mm|±hhmm]</c>; no offset means UTC.
    /// Fractions beyond 100 ns are truncated; a leap second (:60) is clamped to :59.
    /// </summary>
    /// <summary>The one output form of every timestamp decnet prints: ISO 8601, UTC, milliseconds, 'Z'.</summary>
    public const string OutputFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(OutputFormat, System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 19) return false;
        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
            || !Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute) || s[16] != ':'
            || !Digits(s, 17, 2, out var second))
            return false;
        var leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(month, leap)
            || hour > 23 || minute > 59 || second > 60)
            return false;
        if (second == 60) second = 59;

        var i = 19;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (scale > 1) { scale /= 10; fractionTicks += (s[i] - '0') * scale; }
                i++;
            }
            if (i == start) return false;
        }

        var offsetMinutes = 0;
        if (i < s.Length)
        {
            var c = s[i];
            if (c is (byte)'Z' or (byte)'z') i++;
            else if (c is (byte)'+' or (byte)'-')
            {
                var rest = s[(i + 1)..];
                int oh, om;
                if (rest.Length == 5 && rest[2] == ':' && Digits(rest, 0, 2, out oh) && Digits(rest, 3, 2, out om)) i += 6;
                else if (rest.Length == 4 && Digits(rest, 0, 2, out oh) && Digits(rest, 2, 2, out om)) i += 5;
                else return false;
                if (oh > 23 || om > 59) return false;
                offsetMinutes = (oh * 60 + om) * (c == '-' ? -1 : 1);
            }
            else return false;
        }
        if (i != s.Length) return false;

        // Day number computed directly: DateTime's constructor would validate everything a second time.
        var y = year - 1;
        long days = y * 365 + y / 4 - y / 100 + y / 400 + DaysBeforeMonth[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
        var ticks = days * TimeSpan.TicksPerDay + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute
                    + second * TimeSpan.TicksPerSecond + fractionTicks - offsetMinutes * TimeSpan.TicksPerMinute;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static ReadOnlySpan<int> DaysBeforeMonth => [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    private static int DaysInMonth(int month, bool leap) => month == 2 ? (leap ? 29 : 28) : month is 4 or 6 or 9 or 11 ? 30 : 31;

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
