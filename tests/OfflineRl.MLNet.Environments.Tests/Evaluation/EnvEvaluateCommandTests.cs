using System.Text.Json;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Cli;
using OfflineRl.MLNet.Tests.Onnx;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class EnvEvaluateCommandTests
{
    [Fact]
    public void Onnx_policy_file_is_evaluated_like_its_reference()
    {
        var reference = new DiscreteTestPolicy(seed: 31, observationSize: 4, hidden: 16, actionCount: 2);
        using var folder = new TempDirectory();
        var path = folder.File("cartpole.onnx");
        reference.CreateBuilder().Save(path);

        var expected = PolicyEvaluator.Evaluate(
            observation => [OnnxReference.ArgMax(reference.ReferenceLogits(observation))], EnvironmentCatalog.CartPole, episodes: 5, seed: 3);
        using (var onnx = OnnxPolicy.Load(path))
        {
            var direct = PolicyEvaluator.Evaluate(PolicyActors.From(onnx), EnvironmentCatalog.CartPole, episodes: 5, seed: 3);
            Assert.Equal(expected.Returns, direct.Returns);
        }

        var (code, text, err) = CliRunner.Run("evaluate-env", "--policy", path, "--env", "cartpole-v1", "--episodes", "5", "--seed", "3", "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("CartPole-v1", json.RootElement.GetProperty("environmentId").GetString());
        Assert.Equal(expected.MeanReturn, json.RootElement.GetProperty("meanReturn").GetDouble(), 9);
        Assert.Equal(expected.NormalizedScore, json.RootElement.GetProperty("normalizedScore").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("successRate").ValueKind);

        var (plainCode, plain, plainErr) = CliRunner.Run("evaluate-env", "--policy", path, "--env", "CartPole-v1", "--episodes", "5", "--seed", "3");
        Assert.True(plainCode == 0, plainErr);
        Assert.StartsWith("CartPole-v1: 5 episodes (seed 3): return ", plain, StringComparison.Ordinal);
        Assert.Contains("normalized score", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_policy_file_is_evaluated_like_the_policy_it_holds()
    {
        // sac saves bare policy-step{N}.bin files; scoring one must not need a model folder around it.
        var policy = Policy.CreateRandom(PolicyKind.Categorical, observationDimension: 4, actions: 2, hiddenSizes: [16], seed: 5);
        using var folder = new TempDirectory();
        var path = folder.File("policy-step100.bin");
        policy.Save(path);
        var expected = PolicyEvaluator.Evaluate(PolicyActors.From(policy), EnvironmentCatalog.CartPole, episodes: 4, seed: 2);

        var (code, text, err) = CliRunner.Run("evaluate-env", "--policy", path, "--env", "CartPole-v1", "--episodes", "4", "--seed", "2", "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(expected.MeanReturn, json.RootElement.GetProperty("meanReturn").GetDouble(), 9);
        Assert.Equal(4, json.RootElement.GetProperty("episodes").GetInt32());
    }

    [Fact]
    public void Missing_policy_is_a_clear_error()
    {
        var (code, _, err) = CliRunner.Run("evaluate-env", "--policy", Path.Combine(Path.GetTempPath(), "no-such-policy-dir"), "--env", "CartPole-v1");
        Assert.Equal(1, code);
        Assert.StartsWith("error:", err, StringComparison.Ordinal);
    }
}
