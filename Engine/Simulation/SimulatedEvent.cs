using Decnet.Engine.Ingest;

namespace Decnet.Engine.Simulation;

/// <summary>An event with the attacker that produced it (writers need the attacker's client for Cowrie's kex lists).</summary>
public readonly record struct SimulatedEvent(DecnetEvent Event, SimulatedAttacker Attacker);
