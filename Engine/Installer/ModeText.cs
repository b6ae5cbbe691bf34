using System.Globalization;

namespace Decnet.Engine.Installer;

/// <summary>Unix modes as the operator reads them: 0750.</summary>
public static class ModeText
{
    public const UnixFileMode Dir0750 = (UnixFileMode)0b111_101_000;
    public const UnixFileMode File0640 = (UnixFileMode)0b110_100_000;
    public const UnixFileMode File0644 = (UnixFileMode)0b110_100_100;
    public const UnixFileMode File0755 = (UnixFileMode)0b111_101_101;

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0');

    public static UnixFileMode Parse(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
