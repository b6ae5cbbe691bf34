namespace Decnet.Engine.Topology;

/// <summary>
/// A kind of machine: the services it always runs (<see cref="CoreServices"/>), those it runs half the time
/// (<see cref="OptionalServices"/>), the distros it is seen on, and its default weight in a generated mix.
/// <see cref="Slug"/> prefixes decky names (lowercase, no dots: a decky name is a bus topic token).
/// </summary>
public sealed record Archetype(string Name, string Slug, string Description, string[] CoreServices, string[] OptionalServices,
    string[] Distros, int DefaultWeight)
{
    public IEnumerable<string> UsualServices => CoreServices.Concat(OptionalServices);
}
