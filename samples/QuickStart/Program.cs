using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.Samples.QuickStart;

/// <summary>What the quick start printed.</summary>
public sealed record QuickStartResult(double MeanReturn, string OnnxPath, double MaxOnnxDifference);

public static class Program
{
    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Logged data → normalize → behavior cloning → evaluate → ONNX → check in ONNX Runtime. Optional arg: output folder.</summary>
    public static QuickStartResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var outDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "offlinerl-quickstart");
        Directory.CreateDirectory(outDir);

        // 1. Logged data: 5,000 steps of a mixed-quality CartPole behavior policy.
        var data = EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 5_000, seed: 0);
        output.WriteLine($"data: {data.EpisodeCount} episodes, {data.Count} steps");

        // 2. A pipeline: observation normalization, then behavior cloning (small net, few steps).
        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();
        var trainer = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 400, HiddenSizes = [64, 64], LearningRate = 1e-3f });
        var model = trainer.Fit(data).Model;

        // 3. Evaluate in the environment.
        var result = PolicyEvaluator.Evaluate(PolicyActors.From(model.Policy), EnvironmentCatalog.CartPole, episodes: 5, seed: 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BC mean return: {result.MeanReturn:0.#}"));

        // 4. Export to ONNX and check the file in ONNX Runtime against the C# policy.
        var onnxPath = Path.Combine(outDir, "cartpole-bc.onnx");
        PolicyOnnxExporter.Export(model, onnxPath);
        using var onnx = OnnxPolicy.Load(onnxPath);
        var maxDiff = 0.0;
        var agree = 0;
        var n = Math.Min(64, data.Count);
        for (var i = 0; i < n; i++)
        {
            var obs = data.Observations.Slice(i * data.ObservationDimension, data.ObservationDimension).ToArray();
            var expected = PolicyActors.From(model.Policy)(obs);
            var actual = onnx.Act(obs);
            maxDiff = Math.Max(maxDiff, Math.Abs(expected[0] - actual[0]));
            agree += expected[0] == actual[0] ? 1 : 0;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ONNX: {onnxPath} — {agree}/{n} actions agree, max difference {maxDiff:G3}"));
        return new QuickStartResult(result.MeanReturn, onnxPath, maxDiff);
    }
}
