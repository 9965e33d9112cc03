using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl train --data F --algo NAME ... --out DIR</c> (NAME from the library's algorithm list).</summary>
public static class TrainCommand
{
    /// <summary>The ML.NET model zip written beside the native model (scores with Microsoft.ML + OnnxTransformer alone).</summary>
    public const string ModelZipFileName = "model.zip";

    /// <summary>The algorithms <c>--algo</c> accepts.</summary>
    public static IReadOnlyList<string> AlgorithmNames { get; } = [.. PolicyTrainersCatalog.Algorithms.Select(a => a.Name)];

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Option<string>("--data") { Description = "Training data in any format inspect reads: .npz, .hdf5 or a Minari folder, .parquet (file or folder), .json/.jsonl, .csv.", Required = true };
        var algo = new Option<string>("--algo") { Description = string.Join(" | ", AlgorithmNames), Required = true };
        algo.AcceptOnlyFromAmong([.. AlgorithmNames]);
        var output = new Option<string>("--out") { Description = "Folder for the trained model.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads for the network math.", DefaultValueFactory = _ => 1 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N steps into <out>/checkpoints." };
        var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint file, or from the newest checkpoint in a folder (e.g. <out>/checkpoints after a crash)." };
        var log = new Option<string?>("--log") { Description = "CSV training log (default <out>/training-log.csv)." };
        var evalEnv = new Option<string?>("--eval-env") { Description = "Evaluate the current policy in this environment during training (e.g. CartPole-v1)." };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate every N steps (default with --eval-env: a tenth of --steps); adds eval_mean_return and eval_normalized_score to the log." };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Episodes per evaluation.", DefaultValueFactory = _ => EnvironmentEvaluator.DefaultEpisodes };
        var hyperparameters = AlgorithmFlags.ForAllAlgorithms();
        var dataOptions = new DataOptions(defaultEpisodeEnds: "truncated");
        var command = new TrainingCommand(hyperparameters)
        {
            data, algo, output, seed, threads, checkpointEvery, resume, log, evalEnv, evalEvery, evalEpisodes,
        };
        foreach (var option in hyperparameters.Options)
        {
            command.Add(option);
        }

        dataOptions.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var outDir = parse.GetValue(output)!;
            var ml = new MLContext(parse.GetValue(seed));
            // The trainers' warnings (a budget large for the data, a diverging critic) reach mlContext.Log only.
            ml.Log += (_, e) =>
            {
                if (e.Kind == ChannelMessageKind.Warning)
                {
                    context.Console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(e.RawMessage)}");
                }
            };
            var rl = ml.OfflineRL();
            var options = hyperparameters.Read(parse.GetValue(algo)!, parse);
            var dataset = rl.Data.Load(parse.GetValue(data)!, dataOptions.Read(parse), dataOptions.ReadMapping(parse));
            foreach (var note in dataset.Notes)
            {
                context.Console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
            }

            options.Seed = parse.GetValue(seed);
            var reporter = new TrainingReporter(context.Output);
            options.Run = new RunOptions
            {
                Threads = parse.GetValue(threads),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                CheckpointDirectory = parse.GetValue(checkpointEvery) > 0 ? Path.Combine(outDir, "checkpoints") : null,
                ResumeFrom = parse.GetValue(resume),
                LogPath = parse.GetValue(log) ?? Path.Combine(outDir, "training-log.csv"),
                Progress = reporter,
            };
            if (parse.GetValue(evalEnv) is { } environment)
            {
                options.Run.Evaluator = new EnvironmentEvaluator(environment, parse.GetValue(evalEpisodes));
                options.Run.EvaluateEvery = parse.GetValue(evalEvery) == 0 ? Math.Max(1, options.Steps / 10) : parse.GetValue(evalEvery);
            }
            else
            {
                options.Run.EvaluateEvery = parse.GetValue(evalEvery);
            }

            var trainer = rl.Trainers.Create(parse.GetValue(algo)!, options);
            if (options.Run.ResumeFrom is null && File.Exists(options.Run.LogPath))
            {
                File.Delete(options.Run.LogPath);
            }

            var fitted = trainer.Fit(dataset);
            var model = fitted.Model;
            model.Save(outDir);
            AtomicFile.Write(Path.Combine(outDir, ModelZipFileName), stream => ml.Model.Save(fitted, dataset.Schema, stream));
            var table = new Table().Title("Training summary").AddColumns("", "");
            table.AddRow("algorithm", model.Algorithm);
            table.AddRow("steps", model.Steps.ToString(CultureInfo.InvariantCulture));
            table.AddRow("seconds", model.TrainingSeconds.ToString("0.0", CultureInfo.InvariantCulture));
            table.AddRow("steps/s", (model.Steps / Math.Max(model.TrainingSeconds, 1e-9)).ToString("0", CultureInfo.InvariantCulture));
            foreach (var (name, value) in model.FinalLosses)
            {
                table.AddRow($"final {name} loss", value.ToString("G5", CultureInfo.InvariantCulture));
            }

            foreach (var (name, value) in reporter.Last?.ValidationLosses ?? new Dictionary<string, double>())
            {
                table.AddRow($"final held-out {name} loss", value.ToString("G5", CultureInfo.InvariantCulture));
            }

            table.AddRow("data hash", model.DataHash);
            table.AddRow("model", Markup.Escape(Path.GetFullPath(outDir)));
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }
}

/// <summary>The <c>train</c> command, which writes its hyperparameter flags' help only when help is asked for.</summary>
internal sealed class TrainingCommand(AlgorithmFlags flags) : Command("train", "Train a policy from logged trajectories.")
{
    /// <summary>Writes the flags' help (reads the XML documentation).</summary>
    public void DescribeFlags() => flags.Describe();
}
