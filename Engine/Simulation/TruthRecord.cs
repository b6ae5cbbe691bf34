namespace Decnet.Engine.Simulation;

/// <summary>
/// One line of a truth (or predicted) assignment file: which identity and campaign an IP belongs to.
/// Campaign "" = the IP's identity belongs to no campaign (singleton scanners in the simulator's truth).
/// </summary>
public sealed record TruthRecord(string Ip, string Identity, string Campaign);
