using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Plotting;
using OfflineRl.MLNet.Tests.Plotting;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl train --eval-env … --eval-every …</c>, then <c>offlinerl plot</c> on its log.</summary>
public sealed class TrainEvaluationCommandTests
{
    // The CI-sized locomotion check: a random Hopper dataset from `generate`, BC evaluated in MuJoCo during training,
    // scored on D4RL's scale (random −20.27, expert 3234.3).
    [Fact]
    public void Locomotion_data_trains_and_evaluates_in_mujoco_on_d4rls_scale()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-locomotion-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "hopper-random.npz");
        var generate = CliRunner.Run("generate", "--env", "hopper-v4", "--kind", "random", "--steps", "3000", "--out", data);
        Assert.True(generate.Code == 0, generate.Err + generate.Out);
        Assert.Contains("Hopper-v4 random", generate.Out, StringComparison.Ordinal);

        var model = Path.Combine(dir, "model");
        var (code, output, error) = CliRunner.Run("train", "--data", data, "--algo", "bc", "--steps", "200", "--batch", "64", "--hidden", "32,32",
            "--eval-env", "Hopper-v4", "--eval-every", "200", "--eval-episodes", "3", "--out", model);
        Assert.True(code == 0, error + output);
        Assert.Contains("eval Hopper-v4 at step 200: mean return", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(model, "training-log.csv"));
        var header = lines[0].Split(',');
        var last = lines[^1].Split(',');
        var meanReturn = double.Parse(last[Array.IndexOf(header, "eval_mean_return")], CultureInfo.InvariantCulture);
        var score = double.Parse(last[Array.IndexOf(header, "eval_normalized_score")], CultureInfo.InvariantCulture);
        Assert.Equal(100 * (meanReturn + 20.272305) / (3234.3 + 20.272305), score, 1e-6);
    }

    [Fact]
    public void Train_with_evaluation_logs_the_score_and_plot_draws_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-train-eval-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "cartpole.npz");
        new MLContext().OfflineRL().Data.SaveAsNpz(EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 2_000, seed: 0), data);
        var model = Path.Combine(dir, "model");

        var (code, output, error) = CliRunner.Run("train", "--data", data, "--algo", "bc", "--steps", "400", "--batch", "64", "--hidden", "32,32",
            "--lr", "0.001", "--eval-env", "CartPole-v1", "--eval-every", "200", "--eval-episodes", "2", "--out", model);
        Assert.True(code == 0, error + output);
        foreach (var step in new[] { 200, 400 })
        {
            Assert.Contains($"eval CartPole-v1 at step {step}: mean return", output, StringComparison.Ordinal);
        }

        var log = Path.Combine(model, "training-log.csv");
        var lines = File.ReadAllLines(log);
        var header = lines[0].Split(',');
        var scoreColumn = Array.IndexOf(header, "eval_normalized_score");
        Assert.True(scoreColumn > 0, lines[0]);
        var scores = lines.Skip(1).Select(l => l.Split(',')).Where(r => r[scoreColumn].Length > 0)
            .Select(r => (Step: int.Parse(r[0], CultureInfo.InvariantCulture), Score: double.Parse(r[scoreColumn], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal([200, 400], scores.Select(s => s.Step));
        Assert.Equal(5, lines.Length); // header + reports at 100, 200, 300, 400: blank evaluation cells at 100 and 300
        Assert.All(scores, s => Assert.True(double.IsFinite(s.Score)));

        var svgPath = Path.Combine(dir, "curves.svg");
        var plot = CliRunner.Run("plot", log, "--out", svgPath);
        Assert.True(plot.Code == 0, plot.Err);
        Assert.Contains("3 series: policy, eval_mean_return, eval_normalized_score, 4 points each", plot.Out, StringComparison.Ordinal);
        var texts = ChartFiles.SvgTexts(svgPath);
        Assert.Contains("normalized score", texts);
        Assert.Contains("return", texts);
        Assert.Single(texts, t => t == "loss"); // only the loss panel takes the chart's y label

        // What the chart drew: the evaluation panels show their two evaluations as dots, the loss panel a line of four points.
        var chart = LearningCurveChart.Create(TrainingLogReader.Read(log), "t", yLabel: "loss");
        var curves = chart.Panels.Skip(1).Select(p => p.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single()).ToArray();
        Assert.Equal([4, 2, 2], curves.Select(l => l.Data.GetScatterPoints().Count));
        Assert.Equal([200.0, 400], curves[2].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal([false, true, true], curves.Select(l => l.MarkerSize > 0));
    }

    [Fact]
    public void Train_refuses_an_environment_that_does_not_fit_the_data()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-train-eval-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "cartpole.npz");
        new MLContext().OfflineRL().Data.SaveAsNpz(EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 500, seed: 0), data);
        var (code, _, error) = CliRunner.Run("train", "--data", data, "--algo", "bc", "--steps", "20", "--hidden", "8", "--eval-env", "Acrobot-v1",
            "--out", Path.Combine(dir, "model"));
        Assert.Equal(1, code);
        Assert.Contains("Acrobot-v1 does not fit the training data", error, StringComparison.Ordinal);
    }
}
