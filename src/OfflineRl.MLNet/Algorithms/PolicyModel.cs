using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Algorithms;

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
        var json = JsonNode.Parse(File.ReadAllText(modelPath))!.AsObject();
        var losses = json["finalLosses"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
        var valuesPath = Path.Combine(directory, ValuesFileName);
        var values = File.Exists(valuesPath) ? ValueNetwork.ReadAll(valuesPath) : null;
        return new PolicyModel(policy, json["algorithm"]!.GetValue<string>(), json["options"]!.ToJsonString(), json["dataHash"]!.GetValue<string>(),
            losses, json["steps"]!.GetValue<int>(), json["trainingSeconds"]!.GetValue<double>(), values, json["discount"]?.GetValue<float>() ?? 0.99f);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Algorithm} policy ({Policy.Kind}), {Steps} steps, data {DataHash}");
}
