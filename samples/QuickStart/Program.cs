using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.Samples.QuickStart;

/// <summary>What the quick start printed.</summary>
/// <param name="MeanReturn">Mean return of the policy in CartPole-v1 (5 episodes).</param>
/// <param name="ModelPath">The ML.NET model zip written by <c>Model.Save</c>.</param>
/// <param name="ReloadedAgreement">Of the checked rows, how many the reloaded zip scored as the trained policy did.</param>
/// <param name="OnnxPath">The exported ONNX file.</param>
/// <param name="MaxOnnxDifference">Largest action difference between ONNX Runtime and the C# policy.</param>
public sealed record QuickStartResult(double MeanReturn, string ModelPath, int ReloadedAgreement, string OnnxPath, double MaxOnnxDifference);

/// <summary>A logged observation, as the policy reads it.</summary>
public sealed class CartPoleState
{
    /// <summary>Cart position, cart velocity, pole angle, pole angular velocity.</summary>
    [VectorType(4)]
    public float[] Observation { get; set; } = [];
}

/// <summary>What the policy adds to a row.</summary>
public sealed class CartPoleDecision
{
    /// <summary>The greedy action index (a vector of one Int64).</summary>
    public long[] PredictedAction { get; set; } = [];

    /// <summary>π(a | s) for both actions.</summary>
    public float[] ActionProbabilities { get; set; } = [];
}

public static class Program
{
    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>
    /// Logged data → behavior-cloning trainer → evaluation → PredictionEngine → Model.Save / Model.Load → ONNX checked in
    /// ONNX Runtime. Optional arg: output folder.
    /// </summary>
    public static QuickStartResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var outDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "offlinerl-quickstart");
        Directory.CreateDirectory(outDir);

        // 1. Logged data: 5,000 steps of a scripted CartPole expert. A TrajectoryDataset is an ML.NET IDataView.
        var data = EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 5_000, seed: 0);
        output.WriteLine($"data: {data.EpisodeCount} episodes, {data.Count} steps; columns {string.Join(", ", data.Schema.Select(c => c.Name))}");

        // 2. The trainer is an IEstimator<PolicyTransformer>; it normalizes observations itself (small net, few steps).
        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();
        var trainer = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 400, HiddenSizes = [64, 64], LearningRate = 1e-3f });
        PolicyTransformer policy = trainer.Fit(data);

        // 3. Evaluate in the environment.
        var result = PolicyEvaluator.Evaluate(PolicyActors.From(policy.Policy), EnvironmentCatalog.CartPole, episodes: 5, seed: 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BC mean return: {result.MeanReturn:0.#}"));

        // 4. Score single observations with a PredictionEngine, as for any ML.NET model.
        var engine = ml.Model.CreatePredictionEngine<CartPoleState, CartPoleDecision>(policy);
        var first = engine.Predict(new CartPoleState { Observation = data.GetObservation(0).ToArray() });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PredictionEngine: action {first.PredictedAction[0]}, probabilities [{string.Join(", ", first.ActionProbabilities.Select(p => p.ToString("0.###", CultureInfo.InvariantCulture)))}]"));

        // 5. Save as an ML.NET model and load it back in a fresh context: the zip holds ML.NET's OnnxTransformer,
        //    so an application that references only Microsoft.ML (+ OnnxTransformer) scores it the same way.
        var modelPath = Path.Combine(outDir, "cartpole-bc.zip");
        ml.Model.Save(policy, data.Schema, modelPath);
        var app = new MLContext();
        var reloaded = app.Model.CreatePredictionEngine<CartPoleState, CartPoleDecision>(app.Model.Load(modelPath, out _));
        var n = Math.Min(64, data.Count);
        var rows = Enumerable.Range(0, n).Select(i => new CartPoleState { Observation = data.GetObservation(i).ToArray() }).ToArray();
        var reloadedAgree = rows.Count(r => reloaded.Predict(r).PredictedAction[0] == engine.Predict(r).PredictedAction[0]);
        output.WriteLine($"Model.Save → Model.Load: {modelPath} — {reloadedAgree}/{n} reloaded actions agree");

        // 6. Export to ONNX and check the file in ONNX Runtime against the C# policy.
        var onnxPath = Path.Combine(outDir, "cartpole-bc.onnx");
        PolicyOnnxExporter.Export(policy.Model, onnxPath);
        using var onnx = OnnxPolicy.Load(onnxPath);
        var act = PolicyActors.From(policy.Policy);
        var maxDiff = 0.0;
        var agree = 0;
        foreach (var row in rows)
        {
            var expected = act(row.Observation);
            var actual = onnx.Act(row.Observation);
            maxDiff = Math.Max(maxDiff, Math.Abs(expected[0] - actual[0]));
            agree += expected[0] == actual[0] ? 1 : 0;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ONNX: {onnxPath} — {agree}/{n} actions agree, max difference {maxDiff:G3}"));
        return new QuickStartResult(result.MeanReturn, modelPath, reloadedAgree, onnxPath, maxDiff);
    }
}
