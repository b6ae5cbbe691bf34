using System.CommandLine;
using Decnet.Engine.Config;
using Decnet.Engine.Listener;

namespace Decnet.Commands;

/// <summary>--udp/--tcp/--unix, shared by `supervise` and `listener`; each overrides its setting.</summary>
public sealed class ListenerOptions
{
    public Option<string?> Udp { get; } = new("--udp") { Description = "syslog UDP endpoint host:port, 'auto' or 'off'" };
    public Option<string?> Tcp { get; } = new("--tcp") { Description = "syslog TCP endpoint host:port (RFC 6587 framing), 'auto' or 'off'" };
    public Option<string?> Unix { get; } = new("--unix") { Description = "syslog Unix stream socket path, 'auto' or 'off'" };

    public void AddTo(Command command)
    {
        command.Options.Add(Udp);
        command.Options.Add(Tcp);
        command.Options.Add(Unix);
    }

    public ListenerEndpoints Resolve(ParseResult pr, DecnetSettings settings) =>
        ListenerEndpointResolver.Resolve(
            pr.GetValue(Udp) ?? settings.Get(SettingCatalog.ListenerUdp),
            pr.GetValue(Tcp) ?? settings.Get(SettingCatalog.ListenerTcp),
            pr.GetValue(Unix) ?? settings.Get(SettingCatalog.ListenerUnix),
            settings.DataDir);
}
