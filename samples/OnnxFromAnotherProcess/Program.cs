using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.Samples.OnnxFromAnotherProcess;

/// <summary>The model used, its shape and the greedy actions for the probe observations.</summary>
public sealed record OnnxConsumerResult(string ModelPath, bool Exported, int ObservationSize, int ActionSize, bool IsDiscrete, IReadOnlyList<float[]> Actions);

/// <summary>
/// A consumer that knows nothing about training: it loads a policy .onnx (input "Observation" [batch, obs],
/// output "PredictedAction") and acts. With no argument it first exports a small CartPole policy so it has something to load.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Optional arg: path to a policy .onnx exported by <c>offlinerl export</c> or <see cref="PolicyOnnxExporter"/>.</summary>
    public static OnnxConsumerResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var exported = args.Length == 0;
        var path = exported ? ExportExample(output) : args[0];

        // Everything below is all a consuming process needs.
        using var policy = OnnxPolicy.Load(path);
        output.WriteLine($"loaded {path}: observation size {policy.ObservationSize}, action size {policy.ActionSize}, {(policy.IsDiscrete ? "discrete" : "continuous")}");
        foreach (var (key, value) in policy.Metadata)
        {
            output.WriteLine($"  metadata {key} = {value}");
        }

        var probes = new[] { new float[policy.ObservationSize], Enumerable.Repeat(0.05f, policy.ObservationSize).ToArray(), Enumerable.Repeat(-0.05f, policy.ObservationSize).ToArray() };
        var actions = policy.Act(probes);
        for (var i = 0; i < probes.Length; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  act([{string.Join(", ", probes[i])}]) = [{string.Join(", ", actions[i])}]"));
        }

        return new OnnxConsumerResult(path, exported, policy.ObservationSize, policy.ActionSize, policy.IsDiscrete, actions);
    }

    private static string ExportExample(TextWriter output)
    {
        var data = EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 2_000, seed: 0);
        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();
        var model = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 200, HiddenSizes = [32, 32], LearningRate = 1e-3f }).Fit(data).Model;
        var path = Path.Combine(Path.GetTempPath(), "offlinerl-consumer", "cartpole-bc.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PolicyOnnxExporter.Export(model, path);
        output.WriteLine($"no model given: exported a small CartPole BC policy to {path}");
        return path;
    }
}
