using Microsoft.ML;
using System.Globalization;
using System.Xml.Linq;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl train --eval-env … --eval-every …</c>, then <c>offlinerl plot</c> on its log.</summary>
public sealed class TrainEvaluationCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

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
        var doc = XDocument.Parse(File.ReadAllText(svgPath));
        var polylines = doc.Descendants(Svg + "polyline").ToDictionary(p => (string)p.Attribute("data-series")!, p => ((string)p.Attribute("points")!).Split(' '));
        Assert.Equal(["policy", "eval_mean_return", "eval_normalized_score"], polylines.Keys);
        Assert.Equal(4, polylines["policy"].Length);
        Assert.Equal(2, polylines["eval_normalized_score"].Length);
        var panel = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "panel" && (string?)g.Attribute("data-series") == "eval_normalized_score");
        Assert.Equal(2, panel.Descendants(Svg + "circle").Count());
        var lossPanel = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "panel" && (string?)g.Attribute("data-series") == "policy");
        Assert.Empty(lossPanel.Descendants(Svg + "circle"));
        Assert.Contains("normalized score", panel.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("loss", lossPanel.Descendants(Svg + "text").Select(t => t.Value));
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
