using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// What a trainer produces: the policy (acting on raw observations), the algorithm and its options, a hash of the
/// training data, final losses, and the value networks where the algorithm has them. Saves to and loads from a folder;
/// in an ML.NET pipeline it is reached from the fitted <see cref="Pipeline.PolicyTransformer.Model"/>.
/// </summary>
public sealed class PolicyModel
{
    /// <summary>File holding the policy inside a model folder.</summary>
    public const string PolicyFileName = "policy.bin";

    /// <summary>File holding the model description inside a model folder.</summary>
    public const string ModelFileName = "model.json";

    /// <summary>File holding the value networks inside a model folder (value-based algorithms).</summary>
    public const string ValuesFileName = "values.bin";

    internal PolicyModel(Policy policy, string algorithm, string optionsJson, string dataHash, IReadOnlyDictionary<string, double> finalLosses,
        int steps, double trainingSeconds, IReadOnlyList<ValueNetwork>? values, float discount = 0.99f)
    {
        Policy = policy;
        Algorithm = algorithm;
        OptionsJson = optionsJson;
        DataHash = dataHash;
        FinalLosses = finalLosses;
        Steps = steps;
        TrainingSeconds = trainingSeconds;
        ValueNetworks = values ?? [];
        Discount = discount;
    }

    /// <summary>The trained policy.</summary>
    public Policy Policy { get; }

    /// <summary>Algorithm name: bc, filtered-bc, awr, iql.</summary>
    public string Algorithm { get; }

    /// <summary>The options the model was trained with, as JSON.</summary>
    public string OptionsJson { get; }

    /// <summary>SHA-256 prefix of the training data.</summary>
    public string DataHash { get; }

    /// <summary>Mean of each loss over the last progress interval.</summary>
    public IReadOnlyDictionary<string, double> FinalLosses { get; }

    /// <summary>Gradient steps taken.</summary>
    public int Steps { get; }

    /// <summary>Wall-clock training time.</summary>
    public double TrainingSeconds { get; }

    /// <summary>Discount used for TD metrics.</summary>
    public float Discount { get; }

    /// <summary>Value networks (IQL: "v", "q1", "q2"); empty for pure cloning.</summary>
    public IReadOnlyList<ValueNetwork> ValueNetworks { get; }

    /// <summary>Writes the model into <paramref name="directory"/> (created if needed; files written atomically).</summary>
    public void Save(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        Policy.Save(Path.Combine(directory, PolicyFileName));
        if (ValueNetworks.Count > 0)
        {
            ValueNetwork.WriteAll(Path.Combine(directory, ValuesFileName), ValueNetworks);
        }

        var json = new JsonObject
        {
            ["format"] = "OfflineRl.MLNet model",
            ["version"] = 1,
            ["libraryVersion"] = LibraryInfo.Version,
            ["algorithm"] = Algorithm,
            ["options"] = JsonNode.Parse(OptionsJson),
            ["dataHash"] = DataHash,
            ["steps"] = Steps,
            ["trainingSeconds"] = Math.Round(TrainingSeconds, 3),
            ["discount"] = Discount,
            ["finalLosses"] = new JsonObject(FinalLosses.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        AtomicFile.WriteAllText(Path.Combine(directory, ModelFileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">When the folder or its policy is missing.</exception>
    public static PolicyModel Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var policyPath = Path.Combine(directory, PolicyFileName);
        var modelPath = Path.Combine(directory, ModelFileName);
        if (!File.Exists(policyPath) || !File.Exists(modelPath))
        {
            throw new DirectoryNotFoundException($"{directory}: not a trained model folder (expected {PolicyFileName} and {ModelFileName}); train one with 'offlinerl train'.");
        }

        var policy = PolicySerializer.Load(policyPath);
        ModelDescription d;
        using (var stream = File.OpenRead(modelPath))
        {
            d = ParseDescription(stream, modelPath);
        }

        var valuesPath = Path.Combine(directory, ValuesFileName);
        var values = File.Exists(valuesPath) ? ValueNetwork.ReadAll(valuesPath) : null;
        return new PolicyModel(policy, d.Algorithm, d.OptionsJson, d.DataHash, d.FinalLosses, d.Steps, d.TrainingSeconds, values, d.Discount);
    }

    /// <summary>
    /// Reads <c>model.json</c>: every field <see cref="Load"/> needs, of the type it needs; <paramref name="source"/>
    /// names the file in messages.
    /// </summary>
    /// <exception cref="InvalidDataException">Naming the file and the field that is missing or of the wrong type.</exception>
    internal static ModelDescription ParseDescription(Stream stream, string source)
    {
        try
        {
            return Describe(stream, source);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string value is only decoded when read: invalid UTF-8 inside one surfaces here (found by fuzzing).
            throw new InvalidDataException($"{source}: a value is not valid UTF-8 text ({ex.Message})", ex);
        }
    }

    private static ModelDescription Describe(Stream stream, string source)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) as JsonObject
                ?? throw new InvalidDataException($"{source}: expected a JSON object describing the model");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({ex.Message})", ex);
        }

        InvalidDataException Bad(string field, string expected) => new($"{source}: field '{field}' must be {expected}");
        T Value<T>(string field, string expected) => json[field] is JsonValue v && v.TryGetValue<T>(out var value) ? value : throw Bad(field, expected);

        var algorithm = Value<string>("algorithm", "the algorithm's name (a string)");
        var dataHash = Value<string>("dataHash", "the training data's hash (a string)");
        var steps = Value<int>("steps", "the number of steps (an integer)");
        var seconds = Value<double>("trainingSeconds", "a number of seconds");
        var discount = json.ContainsKey("discount") ? Value<float>("discount", "a number") : 0.99f;
        var options = json["options"] as JsonObject ?? throw Bad("options", "an object of training options");
        var losses = json["finalLosses"] as JsonObject ?? throw Bad("finalLosses", "an object of loss names and numbers");
        var finalLosses = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in losses)
        {
            finalLosses[name] = value is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw Bad($"finalLosses.{name}", "a number");
        }

        return new ModelDescription(algorithm, options.ToJsonString(), dataHash, steps, seconds, finalLosses, discount);
    }

    /// <summary>What <c>model.json</c> holds besides the networks.</summary>
    internal sealed record ModelDescription(string Algorithm, string OptionsJson, string DataHash, int Steps, double TrainingSeconds,
        IReadOnlyDictionary<string, double> FinalLosses, float Discount);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Algorithm} policy ({Policy.Kind}), {Steps} steps, data {DataHash}");
}
