using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

public sealed class TrainCommandTests
{
    [Fact]
    public void Train_then_evaluate_bc_on_cartpole()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-train-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = CliRunner.Run("train", "--data", TestData.CartPole, "--algo", "bc", "--steps", "800", "--batch", "128",
                "--hidden", "64,64", "--lr", "0.001", "--out", dir);
            Assert.True(code == 0, error);
            Assert.Contains("800/800", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "policy.bin")));
            Assert.True(File.ReadAllLines(Path.Combine(dir, "training-log.csv")).Length > 2);
            var (code2, json, error2) = CliRunner.Run("evaluate", "--policy", dir, "--data", TestData.CartPole, "--json");
            Assert.True(code2 == 0, error2);
            using var doc = JsonDocument.Parse(json);
            Assert.True(doc.RootElement.GetProperty("greedyActionAgreement").GetDouble() > 0.9);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Evaluate_without_a_model_folder_explains()
    {
        var (code, _, error) = CliRunner.Run("evaluate", "--policy", "/nonexistent/model", "--data", TestData.CartPole);
        Assert.Equal(1, code);
        Assert.Contains("not a trained model folder", error, StringComparison.Ordinal);
    }
}
