namespace Decnet.Engine.Config;

/// <summary>One setting: its environment name, where it lives in decnet.ini, its default and what it does.</summary>
public sealed record SettingDefinition(string EnvName, string Section, string Key, string Default, string Description);
