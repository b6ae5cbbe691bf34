using System.Text.Json.Serialization;

namespace Decnet.Engine.Simulation;

/// <summary>Source-generated JSON for truth/assignment lines (snake_case: ip, identity, campaign).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TruthRecord))]
internal sealed partial class TruthJsonContext : JsonSerializerContext;
