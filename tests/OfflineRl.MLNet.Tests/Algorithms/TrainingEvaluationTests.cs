using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>Evaluation of the current policy during training (TrainerOptions.EvaluateEvery): logged values, no effect on the weights.</summary>
public sealed class TrainingEvaluationTests
{
    private static readonly Lazy<TrajectoryDataset> CartPoleData =
        new(() => EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 2_000, seed: 0));

    private static BehaviorCloningOptions Bc(int steps) =>
        new() { Steps = steps, BatchSize = 64, HiddenSizes = [32, 32], LearningRate = 1e-3f, Run = { ReportEvery = 50 } };

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-train-eval-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Evaluating_during_training_leaves_the_weights_bit_identical()
    {
        var data = CartPoleData.Value;
        var plain = Native.Bc(Bc(120), contextSeed: 3).Fit(data).Policy.Weights();
        var evaluated = Bc(120);
        evaluated.Run.Evaluator = new EnvironmentEvaluator(EnvironmentCatalog.CartPole, episodes: 2);
        evaluated.Run.EvaluateEvery = 40;
        var reports = new List<TrainingProgress>();
        evaluated.Run.Progress = new InlineProgress(reports.Add);
        var withEval = Native.Bc(evaluated, contextSeed: 3).Fit(data).Policy.Weights();
        Assert.Equal(plain, withEval);
        Assert.Equal([40, 80, 120], reports.Where(r => r.Evaluation is not null).Select(r => r.Step));

        var iql = new IqlOptions { Steps = 60, BatchSize = 64, HiddenSizes = [16, 16], Run = { ReportEvery = 20 } };
        var iqlPlain = Native.Iql(iql, contextSeed: 5).Fit(data);
        var iqlEval = new IqlOptions
        {
            Steps = 60,
            BatchSize = 64,
            HiddenSizes = [16, 16],
            Run = { ReportEvery = 20, Evaluator = new EnvironmentEvaluator("cartpole-v1", episodes: 1), EvaluateEvery = 30 },
        };
        var iqlWithEval = Native.Iql(iqlEval, contextSeed: 5).Fit(data);
        Assert.Equal(iqlPlain.Policy.Weights(), iqlWithEval.Policy.Weights());
        Assert.Equal(iqlPlain.ValueNetworks[0].Parameters.ToArray(), iqlWithEval.ValueNetworks[0].Parameters.ToArray());
    }

    [Fact]
    public void Logged_evaluation_equals_an_independent_run_on_each_checkpoint_policy()
    {
        var dir = TempDir();
        var data = CartPoleData.Value;
        var log = Path.Combine(dir, "log.csv");
        var options = Bc(300);
        options.Run.Evaluator = new EnvironmentEvaluator(EnvironmentCatalog.CartPole, episodes: 3, seed: 11);
        options.Run.EvaluateEvery = 100;
        options.Run.CheckpointEvery = 100;
        options.Run.CheckpointDirectory = Path.Combine(dir, "checkpoints");
        options.Run.LogPath = log;
        var rl = new MLContext(0).OfflineRL();
        rl.Trainers.BehaviorCloning(options).Fit(data);

        var lines = File.ReadAllLines(log);
        var header = lines[0].Split(',');
        Assert.Equal(["step", "policy", "lr_policy", "eval_mean_return", "eval_normalized_score", "steps_per_second"], header);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal([50, 100, 150, 200, 250, 300], rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)));
        Assert.All(rows.Where(r => int.Parse(r[0], CultureInfo.InvariantCulture) % 100 != 0), r => Assert.Equal(["", ""], r[3..5]));

        var returns = new List<double>();
        foreach (var row in rows.Where(r => int.Parse(r[0], CultureInfo.InvariantCulture) % 100 == 0))
        {
            var step = int.Parse(row[0], CultureInfo.InvariantCulture);
            var logged = double.Parse(row[3], CultureInfo.InvariantCulture);
            var loggedScore = double.Parse(row[4], CultureInfo.InvariantCulture);

            // The policy as it was at `step`: resume from that checkpoint and run no further step.
            var resume = Bc(step);
            resume.Run.ResumeFrom = TrainingLoop.CheckpointPath(options.Run.CheckpointDirectory, step);
            var policy = rl.Trainers.BehaviorCloning(resume).Fit(data).Model.Policy;
            var independent = PolicyEvaluator.Evaluate(PolicyActors.From(policy), EnvironmentCatalog.CartPole, episodes: 3, seed: 11);
            Assert.Equal(independent.MeanReturn, logged);
            Assert.Equal(independent.NormalizedScore, loggedScore);
            Assert.Equal(ReferenceReturns.NormalizedScore(EnvironmentCatalog.CartPole, logged), loggedScore, 9);
            returns.Add(logged);
        }

        // Cloning an expert: the last evaluation is far above the random policy's ~22.7 and not below the first.
        Assert.True(returns[^1] >= returns[0], string.Join(", ", returns));
        Assert.True(returns[^1] > 150, string.Join(", ", returns));
    }

    [Fact]
    public void Evaluation_options_are_validated_and_the_environment_must_fit_the_data()
    {
        var options = Bc(10);
        options.Run.EvaluateEvery = -1;
        var ex = Assert.Throws<InvalidOptionsException>(options.Validate);
        Assert.Contains("EvaluateEvery", ex.Message, StringComparison.Ordinal);

        Assert.Contains("Evaluator is required", Assert.Throws<InvalidOptionsException>(new BehaviorCloningOptions { Run = { EvaluateEvery = 5 } }.Validate).Message,
            StringComparison.Ordinal);
        Assert.Contains("nothing would be evaluated", Assert.Throws<InvalidOptionsException>(new BehaviorCloningOptions { Run = { Evaluator = new EnvironmentEvaluator("CartPole-v1") } }.Validate).Message,
            StringComparison.Ordinal);
        var bad = Assert.Throws<InvalidOptionsException>(() => new EnvironmentEvaluator("Nope-v9", episodes: 0)).Message;
        Assert.Contains("'Nope-v9' is unknown", bad, StringComparison.Ordinal);
        Assert.Contains("episodes must be ≥ 1 (got 0)", bad, StringComparison.Ordinal);

        var mismatch = Bc(10);
        mismatch.Run.Evaluator = new EnvironmentEvaluator(EnvironmentCatalog.Pendulum);
        mismatch.Run.EvaluateEvery = 5;
        var error = Assert.Throws<ArgumentException>(() => Native.Bc(mismatch).Fit(CartPoleData.Value));
        Assert.Contains("Pendulum-v1 does not fit the training data", error.Message, StringComparison.Ordinal);
        Assert.Contains("observations have 3 values but the policy takes 4", error.Message, StringComparison.Ordinal);
    }
}
