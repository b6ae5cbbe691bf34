using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Decnet.Commands;

/// <summary>`decnet --version`: version and the commit the binary was built from.</summary>
public static class VersionCommand
{
    public static string Version
    {
        get
        {
            var info = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = info.IndexOf('+');
            return plus < 0 ? info : info[..plus];
        }
    }

    public static string Commit
    {
        get
        {
            var info = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
            var plus = info.IndexOf('+');
            return plus < 0 ? "unknown" : info[(plus + 1)..];
        }
    }

    public static void Register(RootCommand root)
    {
        var option = root.Options.OfType<VersionOption>().First();
        option.Action = new PrintVersion();
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"decnet {Version} (commit {Commit})");
            return ExitCodes.Ok;
        }
    }
}
