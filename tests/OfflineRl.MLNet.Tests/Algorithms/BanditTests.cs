using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Algorithms.Iql;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class BanditTests
{
    private static BehaviorCloningOptions Bc() => new() { Steps = 300, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 3e-3f, Seed = 1 };

    private static AwrOptions Awr() => new() { Steps = 300, ValueSteps = 300, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 3e-3f, InverseTemperature = 3f, Seed = 1 };

    private static IqlOptions Iql() => new() { Steps = 400, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 3e-3f, TargetUpdateRate = 0.05f, Seed = 1 };

    private static float ProbabilityOfGood(PolicyModel model) => MathF.Exp(model.Policy.LogProb([1f], [0f]));

    private static float GreedyAction(PolicyModel model)
    {
        var action = new float[1];
        model.Policy.Act([1f], action);
        return action[0];
    }

    [Fact]
    public void Discrete_bc_stays_near_even_odds()
    {
        var p = ProbabilityOfGood(Native.Bc(Bc()).Fit(BanditData.Discrete()));
        Assert.InRange(p, 0.4f, 0.6f);
    }

    [Fact]
    public void Discrete_awr_chooses_the_paying_action()
    {
        var model = Native.Awr(Awr()).Fit(BanditData.Discrete());
        Assert.Equal("awr", model.Algorithm);
        Assert.Equal(0f, GreedyAction(model));
        Assert.True(ProbabilityOfGood(model) > 0.8f, $"p(a+) = {ProbabilityOfGood(model)}");
    }

    [Fact]
    public void Discrete_iql_chooses_the_paying_action_and_learns_q()
    {
        var model = Native.Iql(Iql()).Fit(BanditData.Discrete());
        Assert.Equal("iql", model.Algorithm);
        Assert.Equal(0f, GreedyAction(model));
        Assert.True(ProbabilityOfGood(model) > 0.8f, $"p(a+) = {ProbabilityOfGood(model)}");
        Assert.Equal(["v", "q1", "q2"], model.ValueNetworks.Select(v => v.Name));
        var q = model.ValueNetworks[1].Evaluate([1f], 1);
        Assert.InRange(q[0], 0.8f, 1.2f);
        Assert.InRange(q[1], -0.2f, 0.2f);
    }

    [Fact]
    public void Continuous_bc_stays_near_zero()
    {
        var a = GreedyAction(Native.Bc(Bc()).Fit(BanditData.Continuous()));
        Assert.InRange(a, -0.15f, 0.15f);
    }

    [Fact]
    public void Continuous_awr_moves_toward_the_paying_action()
    {
        var a = GreedyAction(Native.Awr(Awr()).Fit(BanditData.Continuous()));
        Assert.True(a > 0.25f, $"greedy action {a}");
    }

    [Fact]
    public void Continuous_iql_moves_toward_the_paying_action()
    {
        var a = GreedyAction(Native.Iql(Iql()).Fit(BanditData.Continuous()));
        Assert.True(a > 0.25f, $"greedy action {a}");
    }
}
