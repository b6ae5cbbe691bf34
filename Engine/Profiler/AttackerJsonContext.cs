using System.Text.Json.Serialization;

namespace Decnet.Engine.Profiler;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AttackerDto))]
[JsonSerializable(typeof(AttackerDto[]))]
public sealed partial class AttackerJsonContext : JsonSerializerContext;
