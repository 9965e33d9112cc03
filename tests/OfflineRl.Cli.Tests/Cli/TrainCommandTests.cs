using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

[Trait(Tier.Name, Tier.Slow)]
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

            // The ML.NET model zip beside it scores like the native policy.
            var ml = new Microsoft.ML.MLContext(0);
            var loaded = ml.Model.Load(Path.Combine(dir, "model.zip"), out var schema);
            var data = ml.OfflineRL().Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions);
            var native = MLNet.Trainers.PolicyModel.Load(dir).Policy;
            var scored = DataViewRows.Rows(loaded.Transform(data), "PredictedAction");
            var action = new float[1];
            for (var r = 0; r < 200; r++)
            {
                native.Act(data.GetObservation(r), action);
                Assert.Equal(((long)action[0]).ToString(System.Globalization.CultureInfo.InvariantCulture), scored[r]);
            }

            Assert.NotNull(schema.GetColumnOrNull("Observation"));
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

    public static TheoryData<string> Algorithms() => [.. AlgorithmList.Names];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Every_algorithm_trains_from_the_command_line_and_reports_finite_metrics(string algo)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-{algo}-{Guid.NewGuid():N}");
        try
        {
            // Continuous-only algorithms train on Pendulum, the others on CartPole.
            string[] data = AlgorithmList.Find(algo).ContinuousOnly
                ? ["--data", TestData.Pendulum, "--episode-ends", "truncated"]
                : ["--data", TestData.CartPole, "--time-limit", "500"];
            var (code, _, error) = CliRunner.Run(["train", .. data, "--algo", algo, "--steps", "150", "--batch", "64", "--hidden", "32,32", "--out", dir]);
            Assert.True(code == 0, error);
            if (algo == "q-chunking")
            {
                // A chunk policy has no per-step offline metrics: evaluate refuses and points to the environment, where it runs.
                var refused = CliRunner.Run(["evaluate", "--policy", dir, .. data, "--json"]);
                Assert.NotEqual(0, refused.Code);
                Assert.Contains("Evaluate it in an environment", refused.Err, StringComparison.Ordinal);
                var (codeEnv, envJson, errorEnv) = CliRunner.Run("evaluate-env", "--policy", dir, "--env", "Pendulum-v1", "--episodes", "2", "--json");
                Assert.True(codeEnv == 0, errorEnv);
                using var envDoc = JsonDocument.Parse(envJson);
                Assert.True(double.IsFinite(envDoc.RootElement.GetProperty("meanReturn").GetDouble()), envJson);
                return;
            }

            var (code2, json, error2) = CliRunner.Run(["evaluate", "--policy", dir, .. data, "--json"]);
            Assert.True(code2 == 0, error2);
            using var doc = JsonDocument.Parse(json);
            if (AlgorithmList.Find(algo).ContinuousOnly)
            {
                Assert.InRange(doc.RootElement.GetProperty("actionMse").GetDouble(), 0.0, 16.0); // Pendulum's actions lie in [−2, 2]
            }
            else
            {
                Assert.InRange(doc.RootElement.GetProperty("greedyActionAgreement").GetDouble(), 0.0, 1.0);
            }

            if (AlgorithmList.Find(algo).LearnsValues)
            {
                Assert.True(double.IsFinite(doc.RootElement.GetProperty("meanInitialStateValue").GetDouble()));
                Assert.True(double.IsFinite(doc.RootElement.GetProperty("meanAbsoluteTdError").GetDouble()));
            }
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
