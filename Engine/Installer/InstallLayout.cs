namespace Decnet.Engine.Installer;

/// <summary>Where an installed decnet lives on a host (paths as seen on the host, never prefixed by --root).</summary>
public sealed record InstallLayout
{
    public string DataDir { get; init; } = "/var/lib/decnet";
    public string LogDir { get; init; } = "/var/log/decnet";
    public string ConfigDir { get; init; } = "/etc/decnet";
    public string RuntimeDir { get; init; } = "/run/decnet";
    public string UnitDir { get; init; } = "/etc/systemd/system";
    public string PolkitRule { get; init; } = "/etc/polkit-1/rules.d/50-decnet.rules";
    public string TmpfilesFile { get; init; } = "/etc/tmpfiles.d/decnet.conf";
    public string LogrotateFile { get; init; } = "/etc/logrotate.d/decnet";
    public string NoLoginShell { get; init; } = "/usr/sbin/nologin";

    public string GeoipDir => DataDir + "/geoip";
    /// <summary>emailgen's Maildir spool (issue 8), kept under the data dir so the master unit may write it.</summary>
    public string EmailgenSpool => DataDir + "/mail";
    public string ConfigFile => ConfigDir + "/decnet.ini";
    /// <summary>The default bus/control key file of <see cref="Config.DecnetSettings.BusKeyFile"/> for this data dir.</summary>
    public string BusKeyFile => DataDir + "/bus.key";

    public const string Target = "decnet.target";
    public const string MasterService = "decnet-master.service";
    public const string GeoipRefreshService = "decnet-geoip-refresh.service";
    public const string GeoipRefreshTimer = "decnet-geoip-refresh.timer";

    /// <summary>Every unit decnet installs, in the order `decnet status` shows them.</summary>
    public static readonly IReadOnlyList<string> Units = [Target, MasterService, GeoipRefreshService, GeoipRefreshTimer];

    public string UnitPath(string unit) => UnitDir + "/" + unit;
}
