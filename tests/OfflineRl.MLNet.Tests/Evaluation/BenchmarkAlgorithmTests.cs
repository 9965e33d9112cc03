using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkAlgorithmTests
{
    public static TheoryData<string> ClassicIds() => [.. EnvironmentCatalog.ClassicControlIds];

    [Theory]
    [MemberData(nameof(ClassicIds))]
    public void Classic_control_algorithms_share_steps_batch_network_and_learning_rate(string environmentId)
    {
        // The medium-replay comparison is only fair if no algorithm gets a different budget: IQL once kept the paper's 3e-4
        // while BC, filtered BC and AWR trained at 1e-3 for the same 5,000 steps, and its critic was far from fitted.
        TrainerOptions[] options =
        [
            BenchmarkAlgorithm.BcOptionsFor(new BehaviorCloningOptions(), environmentId, 5000),
            BenchmarkAlgorithm.AwrOptionsFor(environmentId, 5000),
            BenchmarkAlgorithm.IqlOptionsFor(environmentId, 5000),
        ];
        Assert.All(options, o =>
        {
            Assert.Equal(5000, o.Steps);
            Assert.Equal(options[0].BatchSize, o.BatchSize);
            Assert.Equal(BenchmarkAlgorithm.ClassicHidden, o.HiddenSizes);
            Assert.Equal(BenchmarkAlgorithm.ClassicLearningRate, o.LearningRate);
            Assert.Equal(options[0].Discount, o.Discount);
        });
        Assert.Equal(5000, BenchmarkAlgorithm.AwrOptionsFor(environmentId, 5000).ValueSteps);
    }

    [Fact]
    public void Classic_control_iql_keeps_the_paper_expectile_and_temperature()
    {
        var iql = BenchmarkAlgorithm.IqlOptionsFor(EnvironmentCatalog.Pendulum, 5000);
        Assert.Equal(0.7f, iql.Expectile);
        Assert.Equal(3f, iql.Weighting.InverseTemperature);
        Assert.True(iql.ActorCosineDecay);
    }
}
