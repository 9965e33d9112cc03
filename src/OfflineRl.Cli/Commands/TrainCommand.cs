using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl train --data F --algo NAME ... --out DIR</c> (NAME from the library's algorithm list).</summary>
public static class TrainCommand
{
    /// <summary>The ML.NET model zip written beside the native model (scores with Microsoft.ML + OnnxTransformer alone).</summary>
    public const string ModelZipFileName = "model.zip";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Option<string>("--data") { Description = "Training data (.npz or .csv).", Required = true };
        var algo = new Option<string>("--algo") { Description = TrainerFactory.Choices, Required = true };
        algo.AcceptOnlyFromAmong(TrainerFactory.Algorithms.ToArray());
        var output = new Option<string>("--out") { Description = "Folder for the trained model.", Required = true };
        var steps = new Option<int>("--steps") { Description = "Gradient steps.", DefaultValueFactory = _ => TrainerOptions.DefaultSteps };
        var batch = new Option<int>("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => TrainerOptions.DefaultBatchSize };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads for the network math.", DefaultValueFactory = _ => 1 };
        var discount = new Option<float>("--discount") { Description = "Discount γ.", DefaultValueFactory = _ => TrainerOptions.DefaultDiscount };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer widths, comma-separated.", DefaultValueFactory = _ => "256,256" };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => TrainerOptions.DefaultLearningRate };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Do not normalize observations (default: normalize, inside the policy)." };
        var algorithmOptions = new TrainerFactory.AlgorithmOptions();
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N steps into <out>/checkpoints." };
        var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint file, or from the newest checkpoint in a folder (e.g. <out>/checkpoints after a crash)." };
        var log = new Option<string?>("--log") { Description = "CSV training log (default <out>/training-log.csv)." };
        var evalEnv = new Option<string?>("--eval-env") { Description = "Evaluate the current policy in this environment during training (e.g. CartPole-v1)." };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate every N steps (default with --eval-env: a tenth of --steps); adds eval_mean_return and eval_normalized_score to the log." };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Episodes per evaluation.", DefaultValueFactory = _ => EnvironmentEvaluator.DefaultEpisodes };
        var dataOptions = new DataOptions(defaultEpisodeEnds: "truncated");
        var command = new Command("train", "Train a policy from logged trajectories.")
        {
            data, algo, output, steps, batch, seed, threads, discount, hidden, lr, noNormalize, checkpointEvery, resume, log,
            evalEnv, evalEvery, evalEpisodes,
        };
        algorithmOptions.AddTo(command);
        dataOptions.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var outDir = parse.GetValue(output)!;
            var ml = new MLContext(parse.GetValue(seed));
            var rl = ml.OfflineRL();
            var dataset = rl.Data.Load(parse.GetValue(data)!, dataOptions.Read(parse));
            foreach (var note in dataset.Notes)
            {
                context.Console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
            }

            var reporter = new TrainingReporter(context.Output);
            var common = new CommonSettings(
                parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(discount),
                parse.GetValue(hidden)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray(),
                parse.GetValue(lr), parse.GetValue(checkpointEvery), parse.GetValue(checkpointEvery) > 0 ? Path.Combine(outDir, "checkpoints") : null,
                parse.GetValue(resume), parse.GetValue(log) ?? Path.Combine(outDir, "training-log.csv"), reporter)
            {
                EvaluationEnvironment = parse.GetValue(evalEnv),
                EvaluateEvery = parse.GetValue(evalEnv) is not null && parse.GetValue(evalEvery) == 0
                    ? Math.Max(1, parse.GetValue(steps) / 10)
                    : parse.GetValue(evalEvery),
                EvaluationEpisodes = parse.GetValue(evalEpisodes),
                Seed = parse.GetValue(seed),
                NormalizeObservations = !parse.GetValue(noNormalize),
            };
            var trainer = TrainerFactory.Create(parse.GetValue(algo)!, rl, common, algorithmOptions.Read(parse));
            if (common.ResumeFrom is null && File.Exists(common.LogPath))
            {
                File.Delete(common.LogPath);
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

            table.AddRow("data hash", model.DataHash);
            table.AddRow("model", Markup.Escape(Path.GetFullPath(outDir)));
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }
}
