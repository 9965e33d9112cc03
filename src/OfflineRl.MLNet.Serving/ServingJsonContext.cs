using System.Text.Json.Serialization;

namespace OfflineRl.MLNet.Serving;

/// <summary>An error answer: <c>{"error":"..."}</c>.</summary>
internal sealed record ErrorBody(string Error);

/// <summary>A health or readiness answer.</summary>
internal sealed record StatusBody(string Status, long ModelVersion, string? Model, string? Reason);

/// <summary>The answer of <c>POST /admin/reload</c>.</summary>
internal sealed record ReloadBody(string Outcome, long ModelVersion, string Message, double Milliseconds);

/// <summary>Serializers generated at build time (no reflection per request).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(StatusBody))]
[JsonSerializable(typeof(ReloadBody))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;
