namespace Decnet.Engine.Profiler;

/// <summary>
/// Makes attacker-supplied text safe to keep: capped in length and with lone UTF-16 surrogates (possible from JSON
/// "\ud800" escapes) replaced, so the stored UTF-8 form reads back equal to what is held in memory.
/// </summary>
internal static class ProfileText
{
    public static string Clean(string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            var cut = maxLength;
            if (char.IsHighSurrogate(value[cut - 1])) cut--;
            value = value[..cut];
        }
        if (value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return value;
        return string.Create(value.Length, value, static (dest, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                if (char.IsHighSurrogate(c) && i + 1 < src.Length && char.IsLowSurrogate(src[i + 1]))
                {
                    dest[i] = c;
                    dest[i + 1] = src[i + 1];
                    i++;
                }
                else dest[i] = char.IsSurrogate(c) ? '\uFFFD' : c;
            }
        });
    }
}
