using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Transforms;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl demo</c>: the main job on a built-in default. Generates a mixed-quality logged dataset, fits BC,
/// filtered BC and IQL through pipelines, evaluates each in the environment, exports the best to ONNX, checks the
/// file in ONNX Runtime against the C# policy, and prints a table and where the files went.
/// </summary>
public static class DemoCommand
{
    /// <summary>Default environment: the stitching gridworld, where IQL can beat cloning.</summary>
    public const string DefaultEnvironment = "StitchGrid-v0";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = new Option<string>("--env") { Description = "Environment to generate data in and evaluate on.", DefaultValueFactory = _ => DefaultEnvironment };
        var kind = new Option<string>("--kind") { Description = "Dataset kind for classic-control environments.", DefaultValueFactory = _ => "medium-replay" };
        var dataSteps = new Option<int>("--data-steps") { Description = "Logged steps to generate.", DefaultValueFactory = _ => 30_000 };
        var steps = new Option<int>("--steps") { Description = "Gradient steps per algorithm.", DefaultValueFactory = _ => 3_000 };
        var episodes = new Option<int>("--episodes") { Description = "Evaluation episodes per policy.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed for data, training and evaluation.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Where the best policy's ONNX file goes.", DefaultValueFactory = _ => Path.Combine("models", "demo") };
        var command = new Command("demo", "Run the whole path on a built-in default: data → BC / filtered BC / IQL → evaluation → ONNX → ONNX Runtime check.")
        {
            env, kind, dataSteps, steps, episodes, seed, output,
        };
        command.SetAction(parse => context.Guard(() => Run(context, parse.GetValue(env)!, parse.GetValue(kind)!, parse.GetValue(dataSteps),
            parse.GetValue(steps), parse.GetValue(episodes), parse.GetValue(seed), parse.GetValue(output)!)));
        return command;
    }

    private static int Run(CliContext context, string envId, string kind, int dataSteps, int steps, int episodes, int seed, string outDir)
    {
        var clock = Stopwatch.StartNew();
        var rl = new MLContext(seed).OfflineRL();
        context.Output.WriteLine($"[1/4] generating {dataSteps} logged steps in {envId} ({(EpisodeDatasets.IsStitching(envId) ? "stitching recipe" : kind)}) …");
        var data = EpisodeDatasets.Generate(envId, EpisodeDatasets.ParseKind(EpisodeDatasets.IsStitching(envId) ? "medium" : kind), dataSteps, seed);
        context.Output.WriteLine($"      {data.EpisodeCount} episodes, {data.Count} steps, mean return {Returns.EpisodeReturns(data).Average():0.###}");

        var hidden = new[] { 256, 256 };
        var candidates = new (string Name, IEstimator<PolicyTransformer> Trainer)[]
        {
            ("BC", rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Seed = seed, Steps = steps, HiddenSizes = hidden, LearningRate = 1e-3f })),
            ("filtered BC (10%)", rl.Trainers.FilteredBehaviorCloning(new FilteredBehaviorCloningOptions { TopFraction = 0.1, Seed = seed, Steps = steps, HiddenSizes = hidden, LearningRate = 1e-3f })),
            ("IQL", rl.Trainers.Iql(new IqlOptions { Seed = seed, Steps = steps, HiddenSizes = hidden, Expectile = 0.9f, Weighting = { InverseTemperature = 10f } })),
        };
        var rows = new List<(string Name, PolicyModel Model, EvaluationResult Result, double Seconds)>();
        foreach (var (name, trainer) in candidates)
        {
            context.Output.WriteLine($"[2/4] training {name} ({steps} steps) …");
            var t = Stopwatch.StartNew();
            var model = trainer.Fit(data).Model;
            var seconds = t.Elapsed.TotalSeconds;
            var result = PolicyEvaluator.Evaluate(PolicyActors.From(model.Policy), envId, episodes, seed + 1000);
            rows.Add((name, model, result, seconds));
        }

        context.Output.WriteLine("[3/4] evaluating …");
        var table = new Table().Title($"{envId}: {episodes} evaluation episodes each").AddColumns("Algorithm", "Mean return", "Normalized score", "Success", "Train s");
        foreach (var (name, _, r, s) in rows)
        {
            table.AddRow(name, r.MeanReturn.ToString("0.###", CultureInfo.InvariantCulture), r.NormalizedScore.ToString("0.0", CultureInfo.InvariantCulture),
                r.SuccessRate is { } rate ? rate.ToString("P0", CultureInfo.InvariantCulture) : "-", s.ToString("0.0", CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
        var best = rows.OrderByDescending(r => r.Result.MeanReturn).First();
        Directory.CreateDirectory(outDir);
        var onnxPath = Path.GetFullPath(Path.Combine(outDir, $"{envId}-{best.Model.Algorithm}.onnx"));
        context.Output.WriteLine($"[4/4] exporting {best.Name} to ONNX and checking it in ONNX Runtime …");
        PolicyOnnxExporter.Export(best.Model, onnxPath);
        var maxDiff = CheckInOnnxRuntime(best.Model, onnxPath, data);
        best.Model.Save(Path.ChangeExtension(onnxPath, null));
        context.Output.WriteLine($"best: {best.Name} (mean return {best.Result.MeanReturn:0.###})");
        context.Output.WriteLine($"ONNX model: {onnxPath}  (ONNX Runtime {OnnxPolicy.RuntimeVersion}: max |C# − ORT| over 64 logged observations = {maxDiff:G3})");
        context.Output.WriteLine($"native model: {Path.ChangeExtension(onnxPath, null)}");
        context.Output.WriteLine($"total {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static double CheckInOnnxRuntime(PolicyModel model, string path, MLNet.Data.TrajectoryDataset data)
    {
        using var onnx = OnnxPolicy.Load(path);
        var batch = Math.Min(64, data.Count);
        var obs = data.Observations[..(batch * data.ObservationDimension)];
        var expected = new float[batch * model.Policy.ActionDimension];
        model.Policy.Act(obs, batch, expected);
        var actual = onnx.Act(obs, batch);
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        if (max > 1e-5)
        {
            throw new InvalidOperationException($"{path}: ONNX Runtime disagrees with the C# policy by {max} (> 1e-5).");
        }

        return max;
    }
}
