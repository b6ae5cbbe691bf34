namespace Decnet.Commands;

/// <summary>DESIGN.md §8: 0 success, 1 runtime failure, 2 usage error, 3 refused (wrong mode, not root, lock held).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Refused = 3;
}
