using System.Reflection;
using System.Text.Json.Nodes;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>Snapshots an options object's public settings as JSON (for model files and ONNX metadata).</summary>
internal static class OptionsJson
{
    public static string Of(object options, params (string Name, object? Value)[] extra)
    {
        var json = Snapshot(options);
        foreach (var (name, value) in extra)
        {
            json[name] = value is null ? null : JsonValue.Create(value);
        }

        return json.ToJsonString();
    }

    // Sub-options (Run, Weighting, TargetNetwork) become nested objects, as the API nests them.
    private static JsonObject Snapshot(object options)
    {
        var json = new JsonObject();
        foreach (var p in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var value = p.GetValue(options);
            if (value is null or IProgress<TrainingProgress> or Data.DatasetLoadOptions or IPolicyEvaluator)
            {
                continue;
            }

            json[char.ToLowerInvariant(p.Name[0]) + p.Name[1..]] = value switch
            {
                OptionsGroup group => Snapshot(group),
                IEnumerable<int> list => new JsonArray(list.Select(v => (JsonNode)v).ToArray()),
                Enum e => e.ToString(),
                _ => JsonValue.Create(value),
            };
        }

        return json;
    }
}
