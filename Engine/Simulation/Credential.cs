namespace Decnet.Engine.Simulation;

/// <summary>One username/password pair a tool tries.</summary>
public readonly record struct Credential(string Username, string Password);
