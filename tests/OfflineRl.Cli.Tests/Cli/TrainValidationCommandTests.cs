using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl train --validation-fraction …</c>, and the trainer's warnings on the console.</summary>
public sealed class TrainValidationCommandTests
{
    [Fact]
    public void Train_holds_out_episodes_logs_their_loss_and_shows_a_large_budget_warning()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-train-validation-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "cartpole.npz");
        new MLContext().OfflineRL().Data.SaveAsNpz(EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Medium, 1_000, seed: 0), data);
        var model = Path.Combine(dir, "model");

        // 200 steps × batch 4096 over fewer than 1,000 transitions: far above the large-budget threshold.
        var (code, output, error) = CliRunner.Run("train", "--data", data, "--algo", "bc", "--steps", "200", "--batch", "4096", "--hidden", "16",
            "--validation-fraction", "0.3", "--out", model);
        Assert.True(code == 0, error + output);
        Assert.Contains("warning:", output, StringComparison.Ordinal);
        Assert.Contains("training transitions", output, StringComparison.Ordinal);
        Assert.Contains("val_policy", output, StringComparison.Ordinal);
        Assert.Contains("final held-out policy loss", output, StringComparison.Ordinal);

        var lines = File.ReadAllLines(Path.Combine(model, "training-log.csv"));
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, "val_policy");
        Assert.True(column > 0, lines[0]);
        Assert.All(lines.Skip(1), l => Assert.True(double.IsFinite(double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)), l));

        var refused = CliRunner.Run("train", "--data", data, "--algo", "bc", "--steps", "10", "--validation-fraction", "1", "--out", Path.Combine(dir, "refused"));
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("ValidationFraction must be in [0, 1)", refused.Err + refused.Out, StringComparison.Ordinal);
    }
}
