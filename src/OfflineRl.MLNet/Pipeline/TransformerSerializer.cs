using System.Text.Json;
using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// Saves fitted transformers to JSON and loads them back, so a fitted data pipeline can be reproduced exactly.
/// New kinds register a loader with <see cref="Register"/>.
/// </summary>
public static class TransformerSerializer
{
    /// <summary>Format version written into every file.</summary>
    public const int FormatVersion = 1;

    private static readonly Dictionary<string, Func<JsonObject, ISavableTransformer>> Loaders = new(StringComparer.Ordinal)
    {
        [ReturnsToGoTransformer.KindName] = ReturnsToGoTransformer.Load,
        [TrajectoryReturnsTransformer.KindName] = TrajectoryReturnsTransformer.Load,
        [FilterTrajectoriesTransformer.KindName] = FilterTrajectoriesTransformer.Load,
        [ObservationNormalizerTransformer.KindName] = ObservationNormalizerTransformer.Load,
        [RewardScalingTransformer.KindName] = RewardScalingTransformer.Load,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Adds a loader for transformers of kind <paramref name="kind"/>.</summary>
    public static void Register(string kind, Func<JsonObject, ISavableTransformer> loader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(loader);
        lock (Loaders)
        {
            Loaders[kind] = loader;
        }
    }

    /// <summary>The JSON document for <paramref name="transformers"/> (each must be <see cref="ISavableTransformer"/>).</summary>
    public static string ToJson(IEnumerable<ITrajectoryTransformer> transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        var steps = new JsonArray();
        foreach (var t in transformers)
        {
            if (t is not ISavableTransformer s)
            {
                throw new NotSupportedException($"{t.GetType().Name} cannot be saved as JSON (it does not implement {nameof(ISavableTransformer)}).");
            }

            steps.Add(new JsonObject { ["kind"] = s.Kind, ["state"] = s.SaveState() });
        }

        var root = new JsonObject { ["format"] = "OfflineRl.MLNet.transformers", ["version"] = FormatVersion, ["steps"] = steps };
        return root.ToJsonString(Indented);
    }

    /// <summary>Saves <paramref name="transformers"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(IEnumerable<ITrajectoryTransformer> transformers, string path) =>
        AtomicFile.WriteAllText(path, ToJson(transformers));

    /// <summary>Loads transformers saved by <see cref="Save"/>, as a chain.</summary>
    public static TrajectoryTransformerChain<ITrajectoryTransformer> Load(string path) => FromJson(File.ReadAllText(path), path);

    /// <summary>Parses a document written by <see cref="ToJson"/>.</summary>
    public static TrajectoryTransformerChain<ITrajectoryTransformer> FromJson(string json, string source = "transformers JSON")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException($"{source}: empty document");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({ex.Message})", ex);
        }

        var version = root["version"]?.GetValue<int>();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{source}: format version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} is not supported (expected {FormatVersion})");
        }

        var list = new List<ITrajectoryTransformer>();
        foreach (var step in root["steps"]?.AsArray() ?? [])
        {
            var kind = step?["kind"]?.GetValue<string>() ?? throw new InvalidDataException($"{source}: a step has no kind");
            Func<JsonObject, ISavableTransformer>? loader;
            lock (Loaders)
            {
                Loaders.TryGetValue(kind, out loader);
            }

            if (loader is null)
            {
                throw new InvalidDataException($"{source}: unknown transformer kind '{kind}'");
            }

            list.Add(loader(step!["state"]!.AsObject()));
        }

        return new TrajectoryTransformerChain<ITrajectoryTransformer>(list);
    }
}
