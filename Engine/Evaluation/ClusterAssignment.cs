namespace Decnet.Engine.Evaluation;

/// <summary>Where one IP was put: its identity and its campaign ("" = none).</summary>
public readonly record struct ClusterAssignment(string Identity, string Campaign);
