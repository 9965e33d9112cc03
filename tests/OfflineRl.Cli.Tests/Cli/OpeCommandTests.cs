using System.Text.Json;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Tests.Cli;

public sealed class OpeCommandTests
{
    [Fact]
    public void Ope_reports_every_estimate_with_an_interval_as_json()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-ope-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // An untrained categorical policy over CartPole's 4 observations and 2 actions.
            var path = Path.Combine(dir, "policy.bin");
            Policy.CreateRandom(PolicyKind.Categorical, 4, 2, [16], seed: 3).Save(path);
            var (code, json, error) = CliRunner.Run("ope", "--policy", path, "--data", TestData.CartPole, "--time-limit", "500",
                "--target", "stochastic", "--fqe-steps", "100", "--behavior-steps", "100", "--bootstrap", "50", "--json");
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal("FittedBehaviorCloning", root.GetProperty("behaviorSource").GetString());
            Assert.Equal(50, root.GetProperty("bootstrapResamples").GetInt32());
            foreach (var name in new[] { "logged", "perDecisionImportanceSampling", "weightedPerDecisionImportanceSampling", "fittedQ", "doublyRobust", "weightedDoublyRobust" })
            {
                var estimate = root.GetProperty(name);
                Assert.True(estimate.ValueKind == JsonValueKind.Object, name);
                Assert.True(estimate.GetProperty("lower").GetDouble() <= estimate.GetProperty("upper").GetDouble(), name);
            }

            var (code2, table, error2) = CliRunner.Run("ope", "--policy", path, "--data", TestData.CartPole, "--time-limit", "500", "--no-fqe", "--behavior-steps", "100", "--bootstrap", "20");
            Assert.True(code2 == 0, error2);
            Assert.Contains("behaviour probabilities: FittedBehaviorCloning", table, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Ope_with_several_policies_ranks_them_by_every_estimator()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-ope-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var a = Path.Combine(dir, "a.bin");
            var b = Path.Combine(dir, "b.bin");
            Policy.CreateRandom(PolicyKind.Categorical, 4, 2, [16], seed: 3).Save(a);
            Policy.CreateRandom(PolicyKind.Categorical, 4, 2, [16], seed: 4).Save(b);
            string[] common = ["--data", TestData.CartPole, "--time-limit", "500", "--target", "stochastic", "--fqe-steps", "100", "--behavior-steps", "100", "--bootstrap", "50"];
            var (code, json, error) = CliRunner.Run(["ope", "--policy", a, "--policy", b, .. common, "--json"]);
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal([a, b], root.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
            var estimators = root.GetProperty("estimators").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.Contains("FQE", estimators);
            Assert.Contains("WPDIS", estimators);
            foreach (var estimator in estimators)
            {
                var ranked = root.GetProperty("rankings").GetProperty(estimator).EnumerateArray().ToList();
                Assert.Equal(2, ranked.Count);
                var values = ranked.Select(r => r.GetProperty("estimate").GetProperty("value").GetDouble()).ToList();
                Assert.True(values[0] >= values[1], estimator);
                Assert.Equal([1, 2], ranked.Select(r => r.GetProperty("rank").GetInt32()));
                // Each ranked estimate is the one in that policy's own metrics.
                var top = ranked[0].GetProperty("policy").GetString()!;
                var own = root.GetProperty("metrics").GetProperty(top).GetProperty("weightedPerDecisionImportanceSampling").GetProperty("value").GetDouble();
                if (estimator == "WPDIS")
                {
                    Assert.Equal(own, values[0], 9);
                }
            }

            var (code2, text, error2) = CliRunner.Run(["ope", "--policy", a, "--policy", b, .. common, "--no-fqe"]);
            Assert.True(code2 == 0, error2);
            Assert.Contains("ranked by WIS: ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ranked by FQE", text, StringComparison.Ordinal);

            var (code3, _, error3) = CliRunner.Run(["ope", "--policy", a, "--policy", a, .. common]);
            Assert.NotEqual(0, code3);
            Assert.Contains("the same policy twice", error3, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Ope_with_a_zip_outside_a_model_folder_explains()
    {
        var (code, _, error) = CliRunner.Run("ope", "--policy", "/nonexistent/model.zip", "--data", TestData.CartPole);
        Assert.NotEqual(0, code);
        Assert.Contains("native policy beside it", error, StringComparison.Ordinal);
    }
}
