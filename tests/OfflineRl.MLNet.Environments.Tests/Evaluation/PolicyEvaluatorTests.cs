using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Tests.Cli;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class PolicyEvaluatorTests(ITestOutputHelper output)
{
    [Fact]
    public void Scripted_expert_reaches_the_reference_expert_return_on_cartpole()
    {
        var result = PolicyEvaluator.Evaluate(PolicyActors.Scripted(EnvironmentCatalog.CartPole), EnvironmentCatalog.CartPole, episodes: 10, seed: 0);
        Assert.Equal(ReferenceReturns.Get(EnvironmentCatalog.CartPole).Expert, result.MeanReturn);
        Assert.Equal(0.0, result.StdReturn);
        Assert.Equal(100.0, result.NormalizedScore, 6);
        Assert.Null(result.SuccessRate);
        Assert.Equal(10, result.Returns.Count);
    }

    [Fact]
    public void Evaluation_is_deterministic_in_the_seed()
    {
        var a = PolicyEvaluator.Evaluate(PolicyActors.Scripted(EnvironmentCatalog.Acrobot, BehaviorLevel.EpsilonGreedy, 3), EnvironmentCatalog.Acrobot, 3, seed: 5);
        var b = PolicyEvaluator.Evaluate(PolicyActors.Scripted(EnvironmentCatalog.Acrobot, BehaviorLevel.EpsilonGreedy, 3), EnvironmentCatalog.Acrobot, 3, seed: 5);
        Assert.Equal(a.Returns, b.Returns);
    }

    [Fact]
    public void Normalized_score_is_zero_at_the_random_reference()
    {
        // MountainCar-v0 with a constant push left never reaches the flag: −200, the random reference.
        var result = PolicyEvaluator.Evaluate(_ => [0f], EnvironmentCatalog.MountainCar, 2, seed: 0);
        Assert.Equal(-200.0, result.MeanReturn);
        Assert.Equal(0.0, result.NormalizedScore, 6);
    }

    [Fact]
    public void Stitch_grid_reports_a_success_rate()
    {
        var result = PolicyEvaluator.Evaluate(_ => [0f], EnvironmentCatalog.StitchGrid, 5, seed: 0);
        Assert.NotNull(result.SuccessRate);
        Assert.Equal(result.MeanReturn, result.SuccessRate!.Value, 9);
    }

    [Fact]
    public void Wrong_action_size_is_reported()
    {
        // Any whole number of actions is a chunk (issue 30); three values for a 2-D action are not.
        var ex = Assert.Throws<InvalidOperationException>(() => PolicyEvaluator.Evaluate(_ => [0f, 1f, 0f], EnvironmentCatalog.StitchForkPoint, 1));
        Assert.Contains("returned 3 action values; the environment takes 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Bc_on_the_shared_expert_cartpole_data_balances_the_pole(int seed)
    {
        var rl = new MLContext(seed).OfflineRL();
        var data = rl.Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions);
        var options = new BehaviorCloningOptions { Steps = 2000, BatchSize = 256, HiddenSizes = [64, 64], LearningRate = 1e-3f };
        var model = rl.Trainers.BehaviorCloning(options).Fit(data).Model;
        var result = PolicyEvaluator.Evaluate(PolicyActors.From(model.Policy), EnvironmentCatalog.CartPole, episodes: 10, seed: 0);
        output.WriteLine($"BC CartPole-v1 (training seed {seed}): return {result.MeanReturn:0.##} ± {result.StdReturn:0.##}, normalized {result.NormalizedScore:0.#}");
        Assert.True(result.MeanReturn >= 475, $"mean return {result.MeanReturn} ± {result.StdReturn}");
        if (seed != 0)
        {
            return;
        }

        // The same policy, saved and evaluated through the CLI, gives the same numbers.
        var dir = Directory.CreateTempSubdirectory("offlinerl-evalenv-");
        try
        {
            model.Save(dir.FullName);
            var (code, text, err) = CliRunner.Run("evaluate-env", "--policy", dir.FullName, "--env", "CartPole-v1", "--episodes", "10", "--seed", "0", "--json");
            Assert.True(code == 0, err);
            Assert.Contains($"\"meanReturn\": {result.MeanReturn.ToString(System.Globalization.CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
